package dev.benchmate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.benchmate.thinking.remote.RemoteSettings;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** benchmate.brain and benchmate.remote.* are checked where they are read, each message naming its key. */
class RemoteSettingsCheckTest {
    /** A configuration answering from a map by method name (as SmallRye would from the keys). */
    @SuppressWarnings("unchecked")
    static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!values.containsKey(method.getName())) {
                throw new IllegalStateException("not set in the test: " + method.getName());
            }
            return values.get(method.getName());
        });
    }

    static BenchmateConfig config(String brain, Map<String, Object> remote) {
        Map<String, Object> r = new HashMap<>(Map.of("url", Optional.of("http://127.0.0.1:8000/v1"),
                "model", Optional.empty(), "apiKey", Optional.of("sk-do-not-show"), "allowPublicHttp", false,
                "connectTimeout", Duration.ofSeconds(2), "firstTokenTimeout", Duration.ofSeconds(15),
                "betweenTokensTimeout", Duration.ofSeconds(30), "contextTokens", 8192, "imageLongSide", 1024,
                "jpegQuality", 85));
        r.put("fallback", "npu");
        r.put("recheck", Duration.ofSeconds(10));
        r.putAll(remote);
        BenchmateConfig.Llm llm = config(BenchmateConfig.Llm.class, Map.of("maxNewTokens", 256, "topP", 0.8f,
                "temperature", 0.7f, "systemPrompt", "Be brief."));
        return config(BenchmateConfig.class, Map.of("brain", brain,
                "remote", config(BenchmateConfig.Remote.class, r), "llm", llm));
    }

    @Test
    void theBrainIsNpuOrRemote() {
        assertFalse(ConfiguredSettings.remote(config("npu", Map.of())));
        assertTrue(ConfiguredSettings.remote(config(" Remote ", Map.of())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfiguredSettings.remote(config("gpu", Map.of())));
        assertEquals("benchmate.brain is 'gpu'; it takes npu or remote", e.getMessage());
    }

    @Test
    void theRemoteSettingsAreReadAndChecked() {
        RemoteSettings s = ConfiguredSettings.remoteSettings(config("remote", Map.of()));
        assertEquals("http://127.0.0.1:8000/v1", s.url().toString());
        assertEquals(256, s.maxTokens());
        assertEquals("Be brief.", s.systemPrompt());
        assertFalse(s.toString().contains("sk-do-not-show"), s.toString());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfiguredSettings.remoteSettings(config("remote", Map.of("url", Optional.empty()))));
        assertTrue(e.getMessage().startsWith("benchmate.brain=remote needs benchmate.remote.url"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfiguredSettings.remoteSettings(
                config("remote", Map.of("url", Optional.of("http://203.0.113.7:8000/v1")))));
        assertTrue(e.getMessage().contains("benchmate.remote.allow-public-http=true"), e.getMessage());
        ConfiguredSettings.remoteSettings(config("remote", Map.of("url", Optional.of("http://203.0.113.7:8000/v1"),
                "allowPublicHttp", true)));
        e = assertThrows(IllegalArgumentException.class, () -> ConfiguredSettings.remoteSettings(
                config("remote", Map.of("jpegQuality", 0))));
        assertTrue(e.getMessage().startsWith("benchmate.remote.jpeg-quality"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfiguredSettings.remoteSettings(
                config("remote", Map.of("contextTokens", 200))));
        assertTrue(e.getMessage().startsWith("benchmate.remote.context-tokens"), e.getMessage());
    }

    @Test
    void theFallbackIsNpuOrNone() {
        assertTrue(ConfiguredSettings.remoteFallsBack(config("remote", Map.of())));
        assertFalse(ConfiguredSettings.remoteFallsBack(config("remote", Map.of("fallback", "none"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfiguredSettings.remoteFallsBack(config("remote", Map.of("fallback", "cloud"))));
        assertEquals("benchmate.remote.fallback is 'cloud'; it takes npu or none", e.getMessage());
    }
}
