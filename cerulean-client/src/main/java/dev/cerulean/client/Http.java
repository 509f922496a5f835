package dev.cerulean.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The transport every part of the client shares: building requests (base URL, caller, query),
 * sending them, reading JSON answers and mapping error answers in Cerulean's and MLflow's formats
 * back to the {@link CeruleanException} the server raised.
 */
final class Http {
    final URI base;
    final ObjectMapper json = ApiJson.create();
    private final String user;
    private final HttpClient client;

    Http(URI base, String user) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.user = user;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** True when a Cerulean server answers {@code /health} within the timeout. */
    boolean ping(Duration timeout) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"status\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    JsonNode get(String path, Map<String, String> query) {
        return send(request(path, query).GET().build());
    }

    JsonNode get(String path) {
        return get(path, Map.of());
    }

    JsonNode post(String path, Object body, Map<String, String> query) {
        return send(request(path, query).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
                .build());
    }

    JsonNode post(String path, Object body) {
        return post(path, body, Map.of());
    }

    JsonNode patch(String path, Object body) {
        return send(request(path, Map.of()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build());
    }

    JsonNode delete(String path) {
        return send(request(path, Map.of()).DELETE().build());
    }

    /** POSTs raw bytes with extra headers (null values are left out). */
    JsonNode postBytes(String path, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = request(path, Map.of()).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (v != null) {
                b.header(k, v);
            }
        });
        return send(b.build());
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise the request body", e);
        }
    }

    HttpRequest.Builder request(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null) {
                q.add(enc(k) + "=" + enc(v));
            }
        });
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + q)).timeout(Duration.ofMinutes(30))
                .header("Accept", "application/json");
        if (user != null) {
            b.header(CeruleanClient.USER_HEADER, user);
        }
        return b;
    }

    JsonNode send(HttpRequest req) {
        HttpResponse<byte[]> r = exchange(req, HttpResponse.BodyHandlers.ofByteArray());
        return parse(r.statusCode(), r.body());
    }

    /** The answer's bytes as they came (a chart, a file); an error answer is thrown. */
    byte[] sendForBytes(HttpRequest req) {
        HttpResponse<byte[]> r = exchange(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() >= 400) {
            parse(r.statusCode(), r.body());
        }
        return r.body();
    }

    /** The answer as a stream; an error answer is read whole and thrown. */
    HttpResponse<InputStream> stream(HttpRequest req) throws IOException {
        HttpResponse<InputStream> r = exchange(req, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() >= 400) {
            try (InputStream in = r.body()) {
                parse(r.statusCode(), in.readAllBytes());
            }
        }
        return r;
    }

    private <T> HttpResponse<T> exchange(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(req, handler);
        } catch (ConnectException e) {
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "cannot connect to Cerulean at " + base + " (is the server running?)");
        } catch (HttpTimeoutException e) {
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "Cerulean at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "request to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }

    private JsonNode parse(int status, byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            if (status >= 400) {
                throw new CeruleanException(status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_PARAMETER,
                        "HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8));
            }
            throw new CeruleanException(ErrorCode.INTERNAL, "the server's answer is not JSON: " + e.getMessage());
        }
        if (status >= 400) {
            throw error(status, node);
        }
        return node;
    }

    /** An error answer as the exception the server raised: MLflow's {@code {error_code, message}} or Cerulean's {@code {"error": {...}}}. */
    static CeruleanException error(int status, JsonNode node) {
        if (node.hasNonNull("error_code")) {
            // MLflow's format, from the /api/2.0/mlflow routes.
            ErrorCode code = switch (node.get("error_code").asText()) {
                case "RESOURCE_DOES_NOT_EXIST", "ENDPOINT_NOT_FOUND" -> ErrorCode.NOT_FOUND;
                case "RESOURCE_ALREADY_EXISTS" -> ErrorCode.ALREADY_EXISTS;
                case "RESOURCE_CONFLICT" -> ErrorCode.CONFLICT;
                case "INVALID_STATE" -> ErrorCode.INVALID_STATE;
                case "PERMISSION_DENIED" -> ErrorCode.PERMISSION_DENIED;
                case "UNAUTHENTICATED" -> ErrorCode.UNAUTHENTICATED;
                case "TEMPORARILY_UNAVAILABLE" -> ErrorCode.UNAVAILABLE;
                case "INTERNAL_ERROR" -> ErrorCode.INTERNAL;
                default -> ErrorCode.INVALID_PARAMETER;
            };
            return new CeruleanException(code, node.path("message").asText());
        }
        JsonNode e = node.path("error");
        if (!e.isObject()) {
            return new CeruleanException(status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_PARAMETER, "HTTP " + status + ": " + node);
        }
        List<String> details = new ArrayList<>();
        e.path("details").forEach(d -> details.add(d.asText()));
        return new CeruleanException(ErrorCode.fromName(e.path("code").asText()), e.path("message").asText(),
                e.hasNonNull("target") ? e.get("target").asText() : null, details, null);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A path whose segments are each URL-encoded. */
    static String segments(String path) {
        StringJoiner j = new StringJoiner("/");
        for (String s : path.split("/", -1)) {
            j.add(enc(s));
        }
        return j.toString();
    }

    /** Writes a stream to a temporary file beside the target, then renames it into place. */
    static void writeAtomically(InputStream body, Path target) throws IOException {
        Path t = target.toAbsolutePath();
        Files.createDirectories(t.getParent());
        Path part = Files.createTempFile(t.getParent(), "." + t.getFileName(), ".part");
        try {
            try (InputStream in = body; OutputStream out = Files.newOutputStream(part)) {
                in.transferTo(out);
            }
            Files.move(part, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
