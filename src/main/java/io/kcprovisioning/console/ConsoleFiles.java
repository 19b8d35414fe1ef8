package io.kcprovisioning.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's static files: the front end's build, packed into the provider jar under the classpath folder
 * {@value #ROOT}. Only files with a known extension are served, each with its content type; the build's hashed
 * {@code assets/} are cached for a year, everything else is revalidated on every load.
 */
final class ConsoleFiles {

    static final String ROOT = "provisioning-console/";
    static final String INDEX = "index.html";
    static final String CACHE_ASSETS = "public, max-age=31536000, immutable";
    static final String CACHE_REVALIDATE = "no-cache";

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    /** A file to answer with. */
    record ConsoleFile(byte[] body, String contentType, String cacheControl) {
    }

    private final ClassLoader loader;
    private final String root;

    /** The console's files as the provider jar carries them. */
    ConsoleFiles(ClassLoader loader) {
        this(loader, ROOT);
    }

    /** Files under another classpath folder {@code root} (ending with a slash). */
    ConsoleFiles(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    /** The file at {@code path} inside the console (as the request named it), or empty: missing or not allowed. */
    Optional<ConsoleFile> read(String path) {
        Optional<String> name = resourceName(root, path);
        Optional<String> type = name.flatMap(ConsoleFiles::contentType);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(name.get())) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new ConsoleFile(in.readAllBytes(), type.get(), cacheControl(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The classpath name (under {@code root}) of a path inside the console, or empty when the path could leave it
     * or is not a plain relative file path: absolute, with a backslash, a colon or a control character, with an
     * empty, {@code .} or {@code ..} segment (the path arrives decoded, so {@code ..%2f} is {@code ../} here).
     */
    static Optional<String> resourceName(String root, String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0
                || path.indexOf(':') >= 0 || path.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        // and, whatever the checks above missed, the normalised name must still be inside the console
        String name;
        try {
            name = new URI(null, null, "/" + root + path, null).normalize().getPath().substring(1);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        return name.startsWith(root) && name.length() > root.length() ? Optional.of(name) : Optional.empty();
    }

    /** The content type of a file by its extension; empty for a file of a kind the console does not ship. */
    static Optional<String> contentType(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        if (dot <= slash + 1 || dot == name.length() - 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(CONTENT_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /** Build assets carry a content hash in their names and never change; everything else may. */
    static String cacheControl(String path) {
        return path.startsWith("assets/") ? CACHE_ASSETS : CACHE_REVALIDATE;
    }
}
