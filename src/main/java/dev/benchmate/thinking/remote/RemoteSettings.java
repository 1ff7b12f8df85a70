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
 * @param allowPublicHttp whether plain http may go to a public address (checked again before each request)
 */
public record RemoteSettings(URI url, Optional<String> model, Optional<String> apiKey, Duration connectTimeout,
                             Duration firstTokenTimeout, Duration betweenTokensTimeout, int maxTokens,
                             int contextTokens, float temperature, float topP, int imageLongSide, int jpegQuality,
                             String systemPrompt, boolean allowPublicHttp) {
    /** Settings that refuse plain http to a public address. */
    public RemoteSettings(URI url, Optional<String> model, Optional<String> apiKey, Duration connectTimeout,
                          Duration firstTokenTimeout, Duration betweenTokensTimeout, int maxTokens, int contextTokens,
                          float temperature, float topP, int imageLongSide, int jpegQuality, String systemPrompt) {
        this(url, model, apiKey, connectTimeout, firstTokenTimeout, betweenTokensTimeout, maxTokens, contextTokens,
                temperature, topP, imageLongSide, jpegQuality, systemPrompt, false);
    }

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
     * this machine or a private network (loopback, RFC 1918, link-local, IPv6 ULA; see
     * {@link #privateHost}) unless public plain http is allowed: the questions, the pictures and the
     * key would cross the internet unencrypted. Pure: it logs nothing (see {@link #unresolvedHostNote}).
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
        // first: the messages below repeat the URL
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            // a user:password@ or ?key= would travel and show where the URL is logged
            throw new IllegalArgumentException("benchmate.remote.url must be the engine's base URL without a user, "
                    + "a query or a fragment (like http://gpu-box:8000/v1); put a key in benchmate.remote.api-key");
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

    /** Host names that are local by their form: one label (gpu-box) or a local-only suffix. */
    private static final java.util.List<String> LOCAL_SUFFIXES = java.util.List.of(".local", ".lan", ".home.arpa",
            ".internal");

    /**
     * Whether the host is this machine or a private network. An IP literal is classified as it is
     * (loopback, RFC 1918, link-local, IPv6 ULA fc00::/7; CGNAT 100.64/10 is not private). A name that
     * resolves must name only such addresses; a name that does not resolve now (the GPU box off, DNS not
     * up at boot) is taken when it is local by its form: a single label ({@code gpu-box}) or ending in
     * {@code .local}, {@code .lan}, {@code .home.arpa} or {@code .internal}. {@link EngineClient} checks
     * it again before each request.
     */
    static boolean privateHost(String host) {
        String h = bare(host);
        if (isIpLiteral(h)) {
            try {
                return privateAddress(InetAddress.getByName(h)); // a literal: no lookup
            } catch (UnknownHostException e) {
                return false;
            }
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            return localName(h);
        }
        return allPrivate(all);
    }

    /** Whether every one of the addresses is loopback, RFC 1918, link-local or IPv6 ULA. */
    static boolean allPrivate(InetAddress[] all) {
        if (all.length == 0) {
            return false;
        }
        for (InetAddress a : all) {
            if (!privateAddress(a)) {
                return false;
            }
        }
        return true;
    }

    static boolean privateAddress(InetAddress a) {
        boolean ula = a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc;
        return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || ula;
    }

    /** A host name that is local by its form: a single label or a local-only suffix. */
    static boolean localName(String host) {
        String h = bare(host).toLowerCase(java.util.Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            return false;
        }
        if (!h.contains(".")) {
            return true;
        }
        for (String suffix : LOCAL_SUFFIXES) {
            if (h.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the host is an IPv4 or IPv6 literal (classified without a lookup). */
    static boolean isIpLiteral(String host) {
        String h = bare(host);
        return h.contains(":") || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * A note for the log when the URL's host is a name that does not resolve now (accepted as local by
     * its form): empty when it resolves or is an address.
     */
    public static Optional<String> unresolvedHostNote(URI url) {
        String host = url.getHost();
        if (host == null || isIpLiteral(host)) {
            return Optional.empty();
        }
        try {
            InetAddress.getAllByName(bare(host));
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("benchmate.remote.url's host " + host + " does not resolve now; taken as a name on "
                    + "the local network, checked again before each request");
        }
    }

    /** The base URL and model, never the key. */
    @Override
    public String toString() {
        return "RemoteSettings[" + url + ", model " + model.orElse("(the engine's first)") + ", key "
                + (apiKey.isPresent() ? "set" : "none") + "]";
    }
}
