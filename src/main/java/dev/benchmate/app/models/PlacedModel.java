package dev.benchmate.app.models;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A model of the manifest with the place Benchmate expects it.
 *
 * @param relevant   true when it is for the configured SoC and listening language
 * @param configNote set when the configuration does not point at this place yet, with what to set
 */
public record PlacedModel(ModelEntry entry, Path place, boolean relevant, Optional<String> configNote) {
    public boolean configured() {
        return configNote.isEmpty();
    }

    /** Where the record of an unpacked archive is kept: beside the model, NAME.sha256. */
    Path unpackRecord() {
        return place.resolveSibling(place.getFileName() + ".sha256");
    }
}
