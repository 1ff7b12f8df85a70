package dev.benchmate.thinking.remote;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the OpenAI-compatible engine is and how to talk to it. The API key is kept out of
 * {@link #toString()} and out of every message.
 *
 * @param url the engine's base URL, up to and including /v1 (e.g. http://gpu-box:8000/v1)
 * @param model the model to ask for; empty: the first one the engine lists at /models
 * @param apiKey sent as a Bearer token when present
 * @param connectTimeout how long a connection may take
 * @param firstTokenTimeout how long the first token of an answer may take after the question is sent
 * @param betweenTokensTimeout how long the stream may stay silent between tokens
 * @param maxTokens at most this many tokens per answer
 * @param contextTokens the conversation's budget, in the engine's usage counts: older turns are let
 *                      go before a question that would go past it
 * @param temperature sampling temperature sent with each question
 * @param topP nucleus sampling threshold sent with each question
 * @param imageLongSide a picture is scaled down to this long side before it is sent
 * @param jpegQuality the JPEG quality (1–100) a picture is sent with
 * @param systemPrompt the system message of every conversation
 */
public record RemoteSettings(URI url, Optional<String> model, Optional<String> apiKey, Duration connectTimeout,
                             Duration firstTokenTimeout, Duration betweenTokensTimeout, int maxTokens,
                             int contextTokens, float temperature, float topP, int imageLongSide, int jpegQuality,
                             String systemPrompt) {
    public RemoteSettings {
        Objects.requireNonNull(url, "url");
        model = model.map(String::strip).filter(m -> !m.isEmpty());
        apiKey = apiKey.map(String::strip).filter(k -> !k.isEmpty());
        positive(connectTimeout, "connect-timeout");
        positive(firstTokenTimeout, "first-token-timeout");
        positive(betweenTokensTimeout, "between-tokens-timeout");
        if (maxTokens < 1 || contextTokens <= maxTokens) {
            throw new IllegalArgumentException("benchmate.remote.context-tokens (" + contextTokens
                    + ") must be more than the answer's max tokens (" + maxTokens + ")");
        }
        if (imageLongSide < 64) {
            throw new IllegalArgumentException("benchmate.remote.image-long-side must be at least 64, got "
                    + imageLongSide);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("benchmate.remote.jpeg-quality must be between 1 and 100, got "
                    + jpegQuality);
        }
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.endsWith("/")) {
            url = URI.create(url.toString().substring(0, url.toString().length() - 1));
        }
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("benchmate.remote." + name + " must be positive, got " + d);
        }
    }

    /**
     * Checks the URL before anything is sent: http or https with a host, and plain http only to
     * this machine or a private network (loopback, RFC 1918, link-local, IPv6 ULA) unless public
     * plain http is allowed: the questions, the pictures and the key would cross the internet
     * unencrypted.
     *
     * @throws IllegalArgumentException saying what is wrong and what to set
     */
    public static URI checkUrl(String url, boolean allowPublicHttp) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("benchmate.remote.url is not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("benchmate.remote.url must be an http:// or https:// URL with a host, "
                    + "like http://gpu-box:8000/v1; got " + url);
        }
        if (scheme.equals("http") && !allowPublicHttp && !privateHost(uri.getHost())) {
            throw new IllegalArgumentException("benchmate.remote.url " + uri.getScheme() + "://" + uri.getHost()
                    + " is plain http to an address that is neither this machine nor a private network: questions "
                    + "and pictures would cross it unencrypted. Use https://, or set "
                    + "benchmate.remote.allow-public-http=true if that is what you want");
        }
        return uri;
    }

    /** Whether every address the host names is loopback, RFC 1918, link-local or IPv6 ULA (fc00::/7). */
    static boolean privateHost(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            return false; // cannot tell: treated as public
        }
        for (InetAddress a : all) {
            boolean ula = a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc;
            if (!(a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || ula)) {
                return false;
            }
        }
        return true;
    }

    /** The base URL and model, never the key. */
    @Override
    public String toString() {
        return "RemoteSettings[" + url + ", model " + model.orElse("(the engine's first)") + ", key "
                + (apiKey.isPresent() ? "set" : "none") + "]";
    }
}
