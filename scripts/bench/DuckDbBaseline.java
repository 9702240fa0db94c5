import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;

/**
 * Runs duckdb-baseline.sql over a raw-data root and prints the wall time of each statement and in total
 * (connection set-up excluded, like Spark start-up is excluded from the Spark side).
 * Usage (single-file program): java -cp duckdb_jdbc.jar DuckDbBaseline.java SQL_FILE INPUT AS_OF HISTORY_WEEKS THREADS
 * The last line is machine-readable: {@code duckdb_total_seconds=<s>}.
 */
public class DuckDbBaseline {
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: DuckDbBaseline SQL_FILE INPUT AS_OF HISTORY_WEEKS THREADS");
            System.exit(2);
        }
        String script = Files.readString(Path.of(args[0]))
                .replace("{{input}}", args[1]).replace("{{as_of}}", args[2]).replace("{{history_weeks}}", args[3]);
        long total = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + Integer.parseInt(args[4]));
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("SET preserve_insertion_order = false");
            for (String sql : script.split(";\\s*\\n")) {
                String body = sql.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).trim();
                if (body.isEmpty()) {
                    continue;
                }
                long start = System.nanoTime();
                boolean hasRows = statement.execute(body);
                StringBuilder result = new StringBuilder();
                if (hasRows) {
                    try (ResultSet rs = statement.getResultSet()) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            for (int i = 1; i <= md.getColumnCount(); i++) {
                                result.append(' ').append(md.getColumnLabel(i)).append('=').append(rs.getString(i));
                            }
                        }
                    }
                }
                long elapsed = System.nanoTime() - start;
                total += elapsed;
                String label = body.lines().findFirst().orElse("").replaceAll("\\s+", " ");
                System.out.printf("duckdb  %-60.60s %8.2f s%n", label, elapsed / 1e9);
                if (result.length() > 0) {
                    System.out.printf("duckdb  result:%s%n", result);
                }
            }
        }
        System.out.printf("duckdb  TOTAL comparable part %.2f s%n", total / 1e9);
        System.out.printf("duckdb_total_seconds=%.3f%n", total / 1e9);
    }
}
