package dev.benchmate.app.models;

import java.util.Arrays;
import java.util.Optional;

/** The settings that name where a model lives, as the manifest refers to them. */
public enum ModelSetting {
    LLM("benchmate.llm.model", false),
    VISION("benchmate.vision.model", false),
    TRANSCRIBING("benchmate.transcribing.model", false),
    VOSK_MODEL("benchmate.listening.vosk-model", false),
    /** Names the folder that holds libvosk.so, not the file. */
    VOSK_LIBRARY("benchmate.listening.vosk-library", true);

    private final String key;
    private final boolean namesFolder;

    ModelSetting(String key, boolean namesFolder) {
        this.key = key;
        this.namesFolder = namesFolder;
    }

    public String key() {
        return key;
    }

    /** True when the setting's value is the folder holding the model, false when it is the model's own path. */
    public boolean namesFolder() {
        return namesFolder;
    }

    static Optional<ModelSetting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
