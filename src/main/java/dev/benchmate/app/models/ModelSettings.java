package dev.benchmate.app.models;

import dev.benchmate.app.BenchmateConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the configuration says about models: the SoC, the listening language and the path each
 * model setting names (benchmate.listening.vosk-library may be unset).
 */
public record ModelSettings(String platform, String language, Map<ModelSetting, Path> paths) {
    public ModelSettings {
        platform = platform.toLowerCase(Locale.ROOT);
        paths = Map.copyOf(paths);
        for (ModelSetting s : ModelSetting.values()) {
            if (!s.namesFolder() && !paths.containsKey(s)) {
                throw new IllegalArgumentException(s.key() + " has no value");
            }
        }
    }

    public static ModelSettings from(BenchmateConfig config) {
        Map<ModelSetting, Path> paths = new EnumMap<>(ModelSetting.class);
        paths.put(ModelSetting.LLM, config.llm().model());
        paths.put(ModelSetting.VISION, config.vision().model());
        paths.put(ModelSetting.TRANSCRIBING, config.transcribing().model());
        paths.put(ModelSetting.VOSK_MODEL, config.listening().voskModel());
        config.listening().voskLibrary().ifPresent(p -> paths.put(ModelSetting.VOSK_LIBRARY, p));
        return new ModelSettings(config.npu().platform(), config.listening().language(), paths);
    }

    /**
     * Where the models are kept when a folder setting is unset: beside the Vosk model (all
     * defaults share one folder: /opt/benchmate/models, or /var/lib/benchmate/models on the .deb).
     */
    Path modelsFolder() {
        Path vosk = paths.get(ModelSetting.VOSK_MODEL).toAbsolutePath();
        return vosk.getParent() != null ? vosk.getParent() : vosk;
    }

    /** True when the model is for this SoC and listening language. */
    public boolean relevant(ModelEntry m) {
        return m.fitsSoc(platform) && m.fitsLanguage(language);
    }

    /**
     * Where the model goes: the path its setting names when that path has the model's name;
     * otherwise beside it, under the manifest's name, with a note saying how to configure it.
     */
    public PlacedModel place(ModelEntry m) {
        ModelSetting s = m.setting();
        boolean relevant = relevant(m);
        if (s.namesFolder()) {
            Optional<Path> folder = Optional.ofNullable(paths.get(s));
            Path place = folder.orElse(modelsFolder()).toAbsolutePath().resolve(m.file());
            Optional<String> note = folder.isPresent() || !relevant ? Optional.empty()
                    : Optional.of(s.key() + " is unset (Benchmate then uses the Vosk jar's library, x86-64 only): set it to "
                    + place.getParent());
            return new PlacedModel(m, place, relevant, note);
        }
        Path configured = paths.get(s).toAbsolutePath();
        if (configured.getFileName() != null && configured.getFileName().toString().equals(m.file())) {
            return new PlacedModel(m, configured, relevant, Optional.empty());
        }
        Path parent = configured.getParent() != null ? configured.getParent() : configured;
        Path place = parent.resolve(m.file());
        Optional<String> note = relevant
                ? Optional.of(s.key() + " names " + configured + ": set it to " + place + " to use this one")
                : Optional.empty();
        return new PlacedModel(m, place, relevant, note);
    }

    /** The manifest's models for this configuration (or all of them), each with its place. */
    public List<PlacedModel> placed(Manifest manifest, boolean all) {
        return manifest.models().stream().filter(m -> all || relevant(m)).map(this::place).toList();
    }

    /** Why a model is not for this configuration, e.g. "for rk3588" or "for listening in zh". */
    String otherUse(ModelEntry m) {
        if (!m.fitsSoc(platform)) {
            return "for " + String.join(", ", m.socs());
        }
        return "for benchmate.listening.language=" + m.language().orElse("?");
    }
}
