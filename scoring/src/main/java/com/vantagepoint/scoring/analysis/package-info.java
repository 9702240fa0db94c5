/**
 * Transcript analysis: per-text sentiment in [-1, 1] and complaint category.
 *
 * <p>{@link com.vantagepoint.scoring.analysis.Analyzers#create} picks the provider named by
 * {@code enrichment.provider}. {@link com.vantagepoint.scoring.analysis.LocalAnalyzer} is the offline, deterministic
 * provider; its data files sit beside it on the classpath: {@code vader_lexicon.txt} (the VADER lexicon, MIT licence,
 * provenance and notice in {@code VADER-LICENSE.txt}), {@code domain_lexicon.txt} (B2B phrases and overrides),
 * {@code categories.txt} (the weighted category taxonomy) and {@code category_model.txt} (the learned category
 * model's weights, written by {@code CategoryModelTrainer} in the tests: {@code scripts/train-category-model}).
 * Quality is measured by {@code LocalAnalyzerQualityTest}
 * on a held-out, hand-labelled evaluation set (see {@code src/test/resources/eval/README.md}).
 */
package com.vantagepoint.scoring.analysis;
