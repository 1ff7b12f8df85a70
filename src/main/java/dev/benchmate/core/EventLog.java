package dev.benchmate.core;

import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The log as an event subscriber: what was heard, each answer with its latencies, restarts, and
 * every failure once, with its stage. Tokens and states are not logged (the console shows them).
 */
public final class EventLog implements Consumer<Event> {
    private static final Logger LOG = Logger.getLogger("dev.benchmate.turns");

    @Override
    public void accept(Event e) {
        TurnEvent what = e.what();
        if (what instanceof TurnEvent.Transcribed t) {
            LOG.infof("[turn %d] Heard: %s", e.turn(), t.text());
        } else if (what instanceof TurnEvent.Answered a) {
            LOG.infof("[turn %d] Answered%s%s: %s [%s]", e.turn(), a.pictureAttached() ? " with the picture" : "",
                    a.stopped() ? " (stopped)" : "", a.answer(), a.latency());
        } else if (what instanceof TurnEvent.Failed f) {
            String where = e.turn() == 0 ? "" : "[turn " + e.turn() + "] ";
            if (f.turnGoesOn()) {
                LOG.warnf("%s%s problem: %s", where, f.stage(), f.cause());
            } else {
                LOG.errorf("%sFailed in %s: %s", where, f.stage(), f.cause());
            }
        } else if (what instanceof TurnEvent.ConversationRestarted r) {
            LOG.infof("New conversation (%s)", r.why());
        } else if (what instanceof TurnEvent.CommandTaken c) {
            LOG.infof("Command: %s", c.command());
        } else if (what instanceof TurnEvent.BargedIn) {
            LOG.info("Spoken over: the answer stopped to hear the person");
        } else if (what instanceof TurnEvent.EventsDropped d) {
            LOG.warnf("The log missed %d events (it fell behind)", d.count());
        }
    }
}
