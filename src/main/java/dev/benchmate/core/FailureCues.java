package dev.benchmate.core;

import dev.benchmate.speaking.Earcons;
import dev.benchmate.speaking.SpeechOutput;
import java.util.function.Consumer;

/**
 * The error earcon for failures outside a turn (the microphone failed, a thread had to be started
 * again, a question could not be queued): the person at the bench hears that something went
 * wrong. A failed turn plays its own earcon before its spoken apology.
 */
public final class FailureCues implements Consumer<Event> {
    private final SpeechOutput voice;

    public FailureCues(SpeechOutput voice) {
        this.voice = voice;
    }

    @Override
    public void accept(Event e) {
        if (e.turn() == 0 && e.what() instanceof TurnEvent.Failed f && !f.turnGoesOn() && f.stage() != Stage.EARCON) {
            voice.earcon(Earcons.Kind.ERROR);
        }
    }
}
