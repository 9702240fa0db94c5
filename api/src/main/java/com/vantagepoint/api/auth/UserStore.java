package com.vantagepoint.api.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vantagepoint.scoring.config.SecureFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Local users in {@code $VANTAGEPOINT_HOME/users.json} (mode 600): name → role and salted slow
 * password hash. Re-read whenever the file's modification time changes, so CLI edits reach a running server.
 */
public final class UserStore {
    public static final String FILE = "users.json";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stored user. */
    public record User(String role, String hash) {
    }

    private final Path file;
    private volatile Map<String, User> cached = Map.of();
    private volatile FileTime cachedTime;

    public UserStore(Path home) {
        this.file = home.resolve(FILE);
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name must be 1-64 characters of letters, digits, '.', '_', '@' or '-'");
        }
    }

    public synchronized Map<String, User> all() {
        try {
            if (!Files.exists(file)) {
                cached = Map.of();
                cachedTime = FileTime.fromMillis(0);
                return cached;
            }
            FileTime t = Files.getLastModifiedTime(file);
            if (!t.equals(cachedTime)) {
                cached = Map.copyOf(JSON.readValue(file.toFile(), new TypeReference<Map<String, User>>() {
                }));
                cachedTime = t;
            }
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<User> find(String name) {
        return Optional.ofNullable(all().get(name));
    }

    public synchronized void put(String name, Role role, char[] password) throws IOException {
        checkName(name);
        Map<String, User> users = new TreeMap<>(reload());
        users.put(name, new User(role.label(), PasswordHasher.hash(password)));
        save(users);
    }

    public synchronized void setPassword(String name, char[] password) throws IOException {
        Map<String, User> users = new TreeMap<>(reload());
        User u = users.get(name);
        if (u == null) {
            throw new IllegalArgumentException("no such user: " + name);
        }
        users.put(name, new User(u.role(), PasswordHasher.hash(password)));
        save(users);
    }

    public synchronized void remove(String name) throws IOException {
        Map<String, User> users = new TreeMap<>(reload());
        if (users.remove(name) == null) {
            throw new IllegalArgumentException("no such user: " + name);
        }
        save(users);
    }

    private Map<String, User> reload() {
        cachedTime = null;
        return all();
    }

    private void save(Map<String, User> users) throws IOException {
        SecureFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(users));
        cachedTime = null;
    }
}
