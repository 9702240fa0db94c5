package com.vantagepoint.pipeline.source;

/**
 * One raw file a source reads, as the file system lists it. Size and modification time tell a file rewritten in
 * place under the same name from the copy parsed before (on S3 a rewrite always changes the modification time).
 *
 * @param path           the qualified Hadoop path, e.g. {@code file:/data/a.json} or {@code s3a://bucket/a.json}
 * @param size           bytes
 * @param modifiedMillis modification time, epoch milliseconds
 */
public record RawFile(String path, long size, long modifiedMillis) {
}
