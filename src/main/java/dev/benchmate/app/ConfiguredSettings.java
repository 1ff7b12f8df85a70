package dev.benchmate.app;

import dev.benchmate.bindings.rkllm.RkllmApi;
import dev.benchmate.core.AssistantSettings;
import dev.benchmate.core.LookingAhead;
import dev.benchmate.core.PicturePolicy;
import dev.benchmate.listening.Phrases;
import dev.benchmate.thinking.ChatTemplate;
import dev.benchmate.thinking.ImageTags;
import dev.benchmate.thinking.LanguageModelSettings;
import dev.benchmate.thinking.Platform;
import dev.benchmate.transcribing.TranscriberSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Turns the Quarkus configuration into the plain settings the turn logic takes, checking each value
 * where it is read: a bad one is refused with a message that names its key and what it takes.
 */
public final class ConfiguredSettings {
    private ConfiguredSettings() {
    }

    public static BrainSettings brain(BenchmateConfig c) {
        BenchmateConfig.Llm l = c.llm();
        return brain(c, l.model(), c.vision().model(), l.maxNewTokens(), l.maxContextLen(), BrainSettings.Names.CONFIG);
    }

    /** The configuration with the models and token limits a command was given (chat's arguments). */
    public static BrainSettings brain(BenchmateConfig c, Path llmModel, Path visionModel, int maxNewTokens,
                                      int maxContextLen, BrainSettings.Names names) {
        Platform platform = platform(c.npu().platform());
        ImageTags family = ImageTags.forFamily(c.vision().family());
        ImageTags tags = new ImageTags(c.vision().imageStart().orElse(family.start()),
                c.vision().imageEnd().orElse(family.end()), c.vision().imageContent().orElse(family.content()));
        if (maxContextLen <= 0) {
            throw new IllegalArgumentException(names.maxContextLen() + " must be a positive number of tokens, got "
                    + maxContextLen);
        }
        if (maxNewTokens <= 0 || maxNewTokens >= maxContextLen) {
            throw new IllegalArgumentException(names.maxNewTokens() + " must be between 1 and " + names.maxContextLen()
                    + " (" + maxContextLen + "), got " + maxNewTokens);
        }
        BenchmateConfig.Llm l = c.llm();
        check(l.topK() >= 1, "benchmate.llm.top-k must be 1 or more, got " + l.topK());
        check(l.topP() > 0 && l.topP() <= 1, "benchmate.llm.top-p must be above 0 and at most 1, got " + l.topP());
        check(l.temperature() >= 0, "benchmate.llm.temperature must be 0 or more, got " + l.temperature());
        check(l.repeatPenalty() > 0, "benchmate.llm.repeat-penalty must be above 0, got " + l.repeatPenalty());
        LanguageModelSettings llm = new LanguageModelSettings(llmModel, maxNewTokens, maxContextLen, l.topK(), l.topP(),
                l.temperature(), l.repeatPenalty(), platform, parseMask(l.enabledCpusMask()), tags);
        BrainSettings settings = new BrainSettings(c.npu().rkllmLibrary(), c.npu().rknnLibrary(), visionModel,
                NpuCoreMask.parse(c.vision().coreMask(), platform, "benchmate.vision.core-mask"), llm,
                ChatTemplate.qwen(l.systemPrompt()), false, names,
                RkllmApi.parse(c.npu().rkllmApi(), "benchmate.npu.rkllm-api"), c.conversation().restartKeep());
        return c.npu().simulator() ? settings.onSimulator(Simulator.locate()) : settings;
    }

    /** Where it thinks (benchmate.brain): true for an engine on the LAN, false for the NPU. */
    public static boolean remote(BenchmateConfig c) {
        String b = c.brain().strip().toLowerCase(java.util.Locale.ROOT);
        if (!b.equals("npu") && !b.equals("remote")) {
            throw new IllegalArgumentException("benchmate.brain is '" + c.brain() + "'; it takes npu or remote");
        }
        return b.equals("remote");
    }

    /** The engine on the LAN (benchmate.remote.*), with the answer's limit, sampling and system prompt of benchmate.llm. */
    public static dev.benchmate.thinking.remote.RemoteSettings remoteSettings(BenchmateConfig c) {
        BenchmateConfig.Remote r = c.remote();
        String url = r.url().map(String::strip).filter(u -> !u.isEmpty()).orElseThrow(() ->
                new IllegalArgumentException("benchmate.brain=remote needs benchmate.remote.url, the engine's base URL "
                        + "up to /v1 (e.g. http://gpu-box:8000/v1)"));
        java.net.URI uri = dev.benchmate.thinking.remote.RemoteSettings.checkUrl(url, r.allowPublicHttp());
        BenchmateConfig.Llm l = c.llm();
        check(l.maxNewTokens() >= 1, "benchmate.llm.max-new-tokens must be 1 or more, got " + l.maxNewTokens());
        check(l.topP() > 0 && l.topP() <= 1, "benchmate.llm.top-p must be above 0 and at most 1, got " + l.topP());
        check(l.temperature() >= 0, "benchmate.llm.temperature must be 0 or more, got " + l.temperature());
        return new dev.benchmate.thinking.remote.RemoteSettings(uri, r.model(), r.apiKey(), r.connectTimeout(),
                r.firstTokenTimeout(), r.betweenTokensTimeout(), l.maxNewTokens(), r.contextTokens(), l.temperature(),
                l.topP(), r.imageLongSide(), r.jpegQuality(), l.systemPrompt(), r.allowPublicHttp());
    }

    /** Whether the NPU stands in when the engine fails a turn (benchmate.remote.fallback). */
    public static boolean remoteFallsBack(BenchmateConfig c) {
        String f = c.remote().fallback().strip().toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("npu") && !f.equals("none")) {
            throw new IllegalArgumentException("benchmate.remote.fallback is '" + c.remote().fallback()
                    + "'; it takes npu or none");
        }
        positive(c.remote().recheck(), "benchmate.remote.recheck");
        return f.equals("npu");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Platform platform(String name) {
        try {
            return Platform.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("benchmate.npu.platform is '" + name
                    + "'; it takes rk3576, rk3588, rk3562 or rv1126b");
        }
    }

    static int parseMask(String mask) {
        String m = mask.trim().toLowerCase(Locale.ROOT);
        try {
            int value = m.startsWith("0x") ? Integer.parseInt(m.substring(2), 16) : Integer.parseInt(m);
            if (value <= 0 || value > 0xFF) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("benchmate.llm.enabled-cpus-mask is '" + mask
                    + "'; it takes a mask of CPUs 0-7 like 0xF0 (CPU4-7, the big cores)");
        }
    }

    /** Whisper's settings: language, threads, the priming prompt, the window sized to the utterance or full. */
    public static TranscriberSettings transcriber(BenchmateConfig.Transcribing t) {
        if (t.threads() < 1) {
            throw new IllegalArgumentException("benchmate.transcribing.threads must be 1 or more, got " + t.threads());
        }
        return new TranscriberSettings(t.language(), t.threads(), t.initialPrompt(), t.sizedWindow());
    }

    /** Encoding the camera's view ahead of questions (benchmate.vision.encode-ahead…). */
    public static LookingAhead.Settings lookingAhead(BenchmateConfig.Vision v) {
        return lookingAhead(v.encodeAhead(), v.encodeAheadGap(), v.sameView());
    }

    static LookingAhead.Settings lookingAhead(boolean on, Duration gap, double sameView) {
        if (gap.isNegative()) {
            throw new IllegalArgumentException("benchmate.vision.encode-ahead-gap must be 0 or more, got " + gap);
        }
        if (!(sameView >= 0 && sameView < 255)) {
            throw new IllegalArgumentException("benchmate.vision.same-view is " + sameView + "; it takes 0 to 254 "
                    + "(levels a thumbnail cell's colour may change by in the same view)");
        }
        return new LookingAhead.Settings(on, LookingAhead.Settings.DEFAULTS.every(), gap, sameView);
    }

    /** The turn's settings: idle timeout, picture words, the NPU queue, the stuck-turn limit. */
    public static AssistantSettings assistant(BenchmateConfig c, Phrases phrases) {
        BenchmateConfig.Turns t = c.turns();
        if (t.queueSize() < 0) {
            throw new IllegalArgumentException("benchmate.turns.queue-size must be 0 or more, got " + t.queueSize());
        }
        positive(t.maxWait(), "benchmate.turns.max-wait");
        positive(c.conversation().idleTimeout(), "benchmate.conversation.idle-timeout");
        Duration limit = t.limit().orElse(Duration.ofSeconds(60L + c.llm().maxNewTokens()));
        positive(limit, "benchmate.turns.limit");
        return new AssistantSettings(c.conversation().idleTimeout(), new PicturePolicy(c.vision().pictureWords()),
                t.queueSize(), t.maxWait(), limit, phrases::withoutWakePhrase);
    }

    private static void positive(Duration d, String key) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration like 30s or 2m, got " + d);
        }
    }
}
