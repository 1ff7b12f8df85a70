package dev.benchmate.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Model files the configuration names are not there (or not readable). The message names each file. */
public class ModelFileMissingException extends RuntimeException {
    private final List<Path> files;

    /**
     * A file that should exist: what it is, where, and what named it — a configuration key
     * ("benchmate.llm.model": the message says to set it) or anything else ("the LLM_MODEL argument").
     */
    public record Expected(String what, Path file, String namedBy) {
        boolean present() {
            return file != null && Files.isRegularFile(file) && Files.isReadable(file);
        }

        String problem() {
            if (namedBy == null) {
                return what + " not found: " + file;
            }
            return what + " not found: " + file + (namedBy.startsWith("benchmate.") ? " (set " + namedBy + ")"
                    : " (" + namedBy + ")");
        }
    }

    private ModelFileMissingException(List<Expected> missing) {
        super(missing.stream().map(Expected::problem).collect(Collectors.joining("; ")));
        this.files = missing.stream().map(Expected::file).toList();
    }

    public List<Path> files() {
        return files;
    }

    /** Throws, naming every missing file, when any is missing or unreadable. */
    public static void requireAll(Expected... expected) {
        List<Expected> missing = new ArrayList<>();
        for (Expected e : expected) {
            if (!e.present()) {
                missing.add(e);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelFileMissingException(missing);
        }
    }

    public static Path require(String what, Path file, String namedBy) {
        requireAll(new Expected(what, file, namedBy));
        return file;
    }
}
