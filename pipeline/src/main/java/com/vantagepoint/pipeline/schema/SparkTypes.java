package com.vantagepoint.pipeline.schema;

import com.vantagepoint.scoring.catalog.MartCatalog;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of the mart catalog (which has no Spark types): the Spark type of each catalog SQL type, and the Spark schema the pipeline must
 * produce for a table.
 */
public final class SparkTypes {
    private SparkTypes() {
    }

    public static DataType of(String sqlType) {
        return switch (sqlType) {
            case MartCatalog.VARCHAR -> DataTypes.StringType;
            case MartCatalog.DATE -> DataTypes.DateType;
            case MartCatalog.TIMESTAMP -> DataTypes.TimestampType;
            case MartCatalog.BOOLEAN -> DataTypes.BooleanType;
            case MartCatalog.INTEGER -> DataTypes.IntegerType;
            case MartCatalog.BIGINT -> DataTypes.LongType;
            case MartCatalog.DOUBLE -> DataTypes.DoubleType;
            case MartCatalog.MONEY -> DataTypes.createDecimalType(18, 2);
            default -> throw new IllegalArgumentException("no Spark type for " + sqlType);
        };
    }

    /** The table's columns in order, all nullable. */
    public static StructType schema(String table) {
        return schema(table, true);
    }

    /** The table's columns in order; {@code nullable = false} for frames built row by row that never hold nulls. */
    public static StructType schema(String table, boolean nullable) {
        return DataTypes.createStructType(MartCatalog.table(table).columns().stream()
                .map(c -> DataTypes.createStructField(c.name(), of(c.sqlType()), nullable)).toList());
    }
}
