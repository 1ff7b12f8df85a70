package dev.benchmate.core;

import java.time.Instant;

/**
 * One event as the hub delivers it.
 *
 * @param turn the turn it belongs to (1, 2, …), or 0 for what belongs to no turn (state of the loop,
 *             commands, failures outside a turn)
 * @param time when it was published
 * @param sequence its place among all events of the process (1, 2, …)
 */
public record Event(long turn, Instant time, long sequence, TurnEvent what) {
}
