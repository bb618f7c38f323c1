package com.merchantinsights.gateway;

import com.merchantinsights.service.ErrorResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The merchant dashboard's static files, served without a key (the page itself holds no data; its API calls carry
 * the merchant-read key): {@code /dashboard/} from the classpath folder {@code dashboard/}, and
 * {@code /dashboard/vendor/echarts/} from the echarts WebJar on the classpath, whatever its version — so that the
 * system runs without Node (docs/decisions/0014-dashboard.md). Only classpath resources are read, never files.
 */
final class DashboardAssets {
    static final String PREFIX = "/dashboard";
    private static final String VENDOR = "vendor/";
    /** Libraries the page may load, by the WebJar that brings them. */
    private static final Map<String, String> WEBJARS = Map.of("echarts", "org.webjars.npm");
    /** Plain names joined by single slashes: no dot segments, no backslashes, no encoded characters. */
    private static final Pattern SAFE_PATH =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json",
            "map", "application/json",
            "png", "image/png",
            "ico", "image/x-icon");
    /** The page talks to its own origin only; no inline scripts, no frames. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    /**
     * Files found, by path: never a path that names nothing, so that its size is bounded by the files the page ships
     * with, whatever paths clients make up (this is served before any key is checked).
     */
    private final Map<String, Asset> found = new ConcurrentHashMap<>();
    /** Every file the page ships with, listed once at start: only these are looked up. */
    private final Set<String> names = index();

    /** A file, also gzipped when that saves bytes (ECharts is 1 MB as sent, about a third gzipped). */
    private record Asset(byte[] body, byte[] gzipped, String contentType, String etag) {}

    /** Whether {@code path} is the dashboard's, so that {@link #handle} answers it (found or not). */
    static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** Answers a GET or HEAD of a dashboard path: the file, a redirect to the folder, 304, or 404. */
    boolean handle(Request request, Response response, Callback callback, String path, String requestId) {
        if (path.equals(PREFIX)) {
            response.setStatus(301);
            response.getHeaders().put(HttpHeader.LOCATION, PREFIX + "/");
            response.write(true, null, callback);
            return true;
        }
        String relative = path.substring(PREFIX.length() + 1);
        Optional<Asset> asset = find(relative.isEmpty() ? "index.html" : relative);
        if (asset.isEmpty()) {
            ErrorResponses.write(
                    response, callback, com.merchantinsights.core.error.ErrorCode.NOT_FOUND, null, null, requestId);
            return true;
        }
        var headers = response.getHeaders();
        String accepted = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
        boolean gzip = asset.get().gzipped() != null && accepted != null && accepted.contains("gzip");
        // Each representation has its own strong tag: the gzipped bytes are not the plain ones.
        String etag = gzip
                ? asset.get().etag().replaceFirst("\"$", "-gzip\"")
                : asset.get().etag();
        headers.put(HttpHeader.ETAG, etag);
        if (asset.get().gzipped() != null) {
            headers.put(HttpHeader.VARY, "Accept-Encoding");
        }
        // Revalidated on every load (cheap with the ETag): a new release reaches open browsers at once.
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (etag.equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            response.write(true, null, callback);
            return true;
        }
        response.setStatus(200);
        headers.put(HttpHeader.CONTENT_TYPE, asset.get().contentType());
        if (gzip) {
            headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
        }
        byte[] body = gzip ? asset.get().gzipped() : asset.get().body();
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
        return true;
    }

    private Optional<Asset> find(String relative) {
        // A name outside the index is answered without touching the class path: the JDK's class loader keeps a
        // (soft) cache entry per name looked up, which made-up paths would fill.
        if (!SAFE_PATH.matcher(relative).matches() || !names.contains(relative)) {
            return Optional.empty();
        }
        Asset known = found.get(relative);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Asset> loaded = load(relative);
        loaded.ifPresent(asset -> found.putIfAbsent(relative, asset));
        return loaded;
    }

    /** Whether {@code relative} names a file of the page (a test's view of the lookup). */
    boolean exists(String relative) {
        return find(relative).isPresent();
    }

    /** The page's files under {@code dashboard/}, and each WebJar's under {@code vendor/<library>/}. */
    private static Set<String> index() {
        Set<String> names = new HashSet<>(listFolder("dashboard/"));
        WEBJARS.forEach((library, group) -> webJarVersion(group, library)
                .ifPresent(version -> listFolder("META-INF/resources/webjars/" + library + "/" + version + "/")
                        .forEach(name -> names.add(VENDOR + library + "/" + name))));
        return Set.copyOf(names);
    }

    /** The files under a class path folder, relative to it, from a directory (tests) or a jar (deployed). */
    private static Set<String> listFolder(String folder) {
        URL url = DashboardAssets.class.getClassLoader().getResource(folder);
        if (url == null) {
            return Set.of();
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return relativeFiles(Path.of(uri));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return relativeFiles(jar.getPath(folder));
            } catch (FileSystemAlreadyExistsException open) {
                return relativeFiles(FileSystems.getFileSystem(uri).getPath(folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> relativeFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
        }
    }

    /** How many files are held in memory (a test's view of the bound). */
    int filesHeld() {
        return found.size();
    }

    private static Optional<Asset> load(String relative) {
        return classpathName(relative)
                .flatMap(name -> read(name).map(body -> {
                    String contentType = contentType(relative);
                    return new Asset(
                            body, contentType.startsWith("image/png") ? null : gzip(body), contentType, etag(body));
                }));
    }

    /** The gzipped bytes, or null when gzip would not make them smaller. */
    private static byte[] gzip(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length / 3 + 64);
        try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size() < body.length ? out.toByteArray() : null;
    }

    /** {@code vendor/<library>/<file>} names a file of the library's WebJar; anything else a file of the page. */
    private static Optional<String> classpathName(String relative) {
        if (!relative.startsWith(VENDOR)) {
            return Optional.of("dashboard/" + relative);
        }
        String rest = relative.substring(VENDOR.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String library = rest.substring(0, slash);
        String group = WEBJARS.get(library);
        if (group == null) {
            return Optional.empty();
        }
        return webJarVersion(group, library)
                .map(version ->
                        "META-INF/resources/webjars/" + library + "/" + version + "/" + rest.substring(slash + 1));
    }

    private static Optional<String> webJarVersion(String group, String library) {
        return read("META-INF/maven/" + group + "/" + library + "/pom.properties")
                .map(bytes -> {
                    Properties properties = new Properties();
                    try {
                        properties.load(new java.io.ByteArrayInputStream(bytes));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return properties.getProperty("version");
                });
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
