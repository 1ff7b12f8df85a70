package dev.benchmate.app;

import dev.benchmate.thinking.ChatTemplate;
import dev.benchmate.thinking.ImageTags;
import dev.benchmate.thinking.LanguageModelSettings;
import dev.benchmate.thinking.Platform;

/** Turns the Quarkus configuration into the plain settings the turn logic takes. */
public final class ConfiguredSettings {
    private ConfiguredSettings() {
    }

    public static BrainSettings brain(BenchmateConfig c) {
        ImageTags family = ImageTags.forFamily(c.vision().family());
        ImageTags tags = new ImageTags(c.vision().imageStart().orElse(family.start()),
                c.vision().imageEnd().orElse(family.end()), c.vision().imageContent().orElse(family.content()));
        LanguageModelSettings llm = new LanguageModelSettings(c.llm().model(), c.llm().maxNewTokens(),
                c.llm().maxContextLen(), c.llm().topK(), c.llm().topP(), c.llm().temperature(),
                c.llm().repeatPenalty(), Platform.parse(c.npu().platform()), parseMask(c.llm().enabledCpusMask()),
                tags);
        BrainSettings settings = new BrainSettings(c.npu().rkllmLibrary(), c.npu().rknnLibrary(), c.vision().model(),
                NpuCoreMask.parse(c.vision().coreMask()), llm, ChatTemplate.qwen(c.llm().systemPrompt()), false);
        return c.npu().simulator() ? settings.onSimulator(Simulator.locate()) : settings;
    }

    static int parseMask(String mask) {
        String m = mask.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            return m.startsWith("0x") ? Integer.parseInt(m.substring(2), 16) : Integer.parseInt(m);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("benchmate.llm.enabled-cpus-mask must be a number like 0xF0, got '"
                    + mask + "'");
        }
    }
}
