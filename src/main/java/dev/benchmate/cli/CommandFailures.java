package dev.benchmate.cli;

import dev.benchmate.app.BrainHolder;
import dev.benchmate.app.InstanceLock;
import dev.benchmate.bindings.NativeLibraryMissingException;
import dev.benchmate.core.BusyException;
import dev.benchmate.core.TurnFailedException;
import dev.benchmate.looking.VisionEncoderException;
import dev.benchmate.media.AudioFormatException;
import dev.benchmate.media.ModelFileMissingException;
import dev.benchmate.media.PictureUnreadableException;
import dev.benchmate.media.SpeechFeatureUnavailableException;
import dev.benchmate.speaking.SynthesisException;
import dev.benchmate.thinking.LanguageModelException;
import dev.benchmate.transcribing.TranscriptionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a command so that what a person can fix (a missing file, a bad picture, a runtime that
 * will not load, a setting out of range, Benchmate already running) ends as one line on stderr and
 * exit status 1, never as a stack trace. Commands print their own results: Benchmate's own log is
 * kept to warnings while they run.
 */
final class CommandFailures {
    interface Body {
        int run() throws IOException;
    }

    private CommandFailures() {
    }

    /** Runs a command that loads the brain; the NPU (and the instance lock) are released on every way out. */
    static int run(String command, BrainHolder holder, Body body) {
        try {
            return run(command, body);
        } finally {
            holder.release();
        }
    }

    static int run(String command, Body body) {
        Logger.getLogger("dev.benchmate").setLevel(Level.WARNING);
        try {
            return body.run();
        } catch (ModelFileMissingException | PictureUnreadableException | NativeLibraryMissingException
                 | LanguageModelException | VisionEncoderException | IllegalArgumentException
                 | IllegalStateException | UncheckedIOException | AudioFormatException | TranscriptionException
                 | SynthesisException | SpeechFeatureUnavailableException | InstanceLock.HeldException
                 | TurnFailedException | BusyException | IOException e) {
            System.err.println(command + ": " + e.getMessage());
            return 1;
        }
    }
}
