package dev.benchmate.cli;

import dev.benchmate.app.BrainHolder;

import dev.benchmate.bindings.NativeLibraryMissingException;
import dev.benchmate.media.ModelFileMissingException;
import dev.benchmate.media.AudioFormatException;
import dev.benchmate.media.PictureUnreadableException;
import dev.benchmate.looking.VisionEncoderException;
import dev.benchmate.thinking.LanguageModelException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Runs a command so that what a person can fix (a missing file, a bad picture, a runtime that
 * will not load) ends as one line on stderr and exit status 1, never as a stack trace.
 */
final class CommandFailures {
    interface Body {
        int run() throws IOException;
    }

    private CommandFailures() {
    }

    /** Runs a command that loads the brain; the NPU is released on every way out. */
    static int run(String command, BrainHolder holder, Body body) {
        try {
            return run(command, body);
        } finally {
            holder.release();
        }
    }

    static int run(String command, Body body) {
        try {
            return body.run();
        } catch (ModelFileMissingException | PictureUnreadableException | NativeLibraryMissingException
                 | LanguageModelException | VisionEncoderException | IllegalArgumentException
                 | IllegalStateException | UncheckedIOException | AudioFormatException
                 | dev.benchmate.transcribing.TranscriptionException
                 | dev.benchmate.speaking.SynthesisException e) {
            System.err.println(command + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println(command + ": " + e.getMessage());
            return 1;
        }
    }
}
