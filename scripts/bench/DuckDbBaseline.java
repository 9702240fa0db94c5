import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs duckdb-baseline.sql over a raw-data root and prints the wall time of each statement and in total.
 * Usage (single-file program): java -cp duckdb_jdbc.jar DuckDbBaseline.java SQL_FILE INPUT AS_OF THREADS
 */
public class DuckDbBaseline {
    public static void main(String[] args) throws Exception {
        String script = Files.readString(Path.of(args[0]))
                .replace("{{input}}", args[1]).replace("{{as_of}}", args[2]);
        long total = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + args[3]);
            for (String sql : script.split(";\\s*\\n")) {
                String body = sql.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).trim();
                if (body.isEmpty()) {
                    continue;
                }
                long start = System.nanoTime();
                boolean hasRows = statement.execute(body);
                long elapsed = System.nanoTime() - start;
                total += elapsed;
                String label = body.lines().findFirst().orElse("").replaceAll("\\s+", " ");
                System.out.printf("duckdb  %-60.60s %8.2f s%n", label, elapsed / 1e9);
                if (hasRows) {
                    try (ResultSet rs = statement.getResultSet()) {
                        while (rs.next()) {
                            System.out.printf("duckdb  result: accounts=%s avg_score=%s%n", rs.getString(1), rs.getString(2));
                        }
                    }
                }
            }
        }
        System.out.printf("duckdb  TOTAL comparable part %.2f s%n", total / 1e9);
    }
}
