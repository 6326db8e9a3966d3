//! The event queue: events ordered by time, ties broken by the order in
//! which they were scheduled, so equal times are processed deterministically.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Something that happens at a point in simulated time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// An attempt (index into the run's attempt log) ends.
    AttemptEnd(u32),
    /// A failed step's `retry_delay` has passed; the attempt is the failed one.
    RetryReady { step: u32, failed_attempt: u32 },
    /// One unit of a role becomes engaged (its response time has passed).
    UnitEngaged(u32),
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    time: f64,
    seq: u64,
    event: Event,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Reversed, so that `BinaryHeap` pops the earliest (then first scheduled).
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// A min-queue of events by (time, scheduling order). Reused across runs.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Entry>,
    next_seq: u64,
}

impl EventQueue {
    /// Empties the queue, keeping its memory.
    pub fn clear(&mut self) {
        self.heap.clear();
        self.next_seq = 0;
    }

    /// Schedules `event` at `time`.
    pub fn push(&mut self, time: f64, event: Event) {
        self.heap.push(Entry {
            time,
            seq: self.next_seq,
            event,
        });
        self.next_seq += 1;
    }

    /// The time of the earliest event.
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.time)
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(f64, Event)> {
        self.heap.pop().map(|e| (e.time, e.event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_by_time_then_scheduling_order() {
        let mut q = EventQueue::default();
        q.push(5.0, Event::AttemptEnd(0));
        q.push(1.0, Event::AttemptEnd(1));
        q.push(5.0, Event::AttemptEnd(2));
        q.push(1.0, Event::UnitEngaged(3));
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![
                (1.0, Event::AttemptEnd(1)),
                (1.0, Event::UnitEngaged(3)),
                (5.0, Event::AttemptEnd(0)),
                (5.0, Event::AttemptEnd(2)),
            ]
        );
    }
}
