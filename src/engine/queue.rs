//! The event queue: events ordered by time, ties broken by the order in
//! which they were scheduled, so equal times are processed deterministically.
//!
//! Each entry is one 128-bit integer — time, sequence number, event — so
//! the heap compares plain integers: times are finite and never negative,
//! and the bits of such floats sort like the numbers.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Something that happens at a point in simulated time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// An attempt (index into the run's attempt log) ends.
    AttemptEnd(u32),
    /// The `retry_delay` after this failed attempt has passed: its step is
    /// ready again.
    RetryReady(u32),
    /// One unit of a role becomes engaged (its response time has passed).
    UnitEngaged(u32),
    /// The working hours of a role that acts only in them begin: one of
    /// its units is back.
    HoursBegin(u32),
}

/// Indices up to 2³⁰ − 1 fit beside the two bits of the event kind.
const INDEX_BITS: u32 = 30;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;

impl Event {
    fn encode(self) -> u32 {
        let (kind, index) = match self {
            Event::AttemptEnd(i) => (0, i),
            Event::RetryReady(i) => (1, i),
            Event::UnitEngaged(i) => (2, i),
            Event::HoursBegin(i) => (3, i),
        };
        debug_assert!(index <= INDEX_MASK, "event index {index} too large");
        kind << INDEX_BITS | (index & INDEX_MASK)
    }

    fn decode(code: u32) -> Event {
        let index = code & INDEX_MASK;
        match code >> INDEX_BITS {
            0 => Event::AttemptEnd(index),
            1 => Event::RetryReady(index),
            2 => Event::UnitEngaged(index),
            _ => Event::HoursBegin(index),
        }
    }
}

/// A min-queue of events by (time, scheduling order). Reused across runs.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Reverse<u128>>,
    next_seq: u32,
}

impl EventQueue {
    /// Empties the queue, keeping its memory.
    pub fn clear(&mut self) {
        self.heap.clear();
        self.next_seq = 0;
    }

    /// Schedules `event` at `time` (finite, at least 0).
    pub fn push(&mut self, time: f64, event: Event) {
        debug_assert!(time.is_finite() && time >= 0.0);
        // `+ 0.0` turns a −0 into +0, whose bits sort first.
        let key = u128::from((time + 0.0).to_bits()) << 64
            | u128::from(self.next_seq) << 32
            | u128::from(event.encode());
        self.heap.push(Reverse(key));
        self.next_seq += 1;
    }

    /// The time of the earliest event.
    pub fn peek_time(&self) -> Option<f64> {
        self.heap
            .peek()
            .map(|Reverse(key)| f64::from_bits((key >> 64) as u64))
    }

    /// Removes and returns the earliest event.
    #[inline(always)]
    pub fn pop(&mut self) -> Option<(f64, Event)> {
        self.heap.pop().map(|Reverse(key)| {
            (
                f64::from_bits((key >> 64) as u64),
                Event::decode(key as u32),
            )
        })
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
        q.push(5.0, Event::RetryReady(2));
        q.push(1.0, Event::UnitEngaged(3));
        q.push(0.0, Event::AttemptEnd(INDEX_MASK));
        q.push(1e300, Event::AttemptEnd(7));
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![
                (0.0, Event::AttemptEnd(INDEX_MASK)),
                (1.0, Event::AttemptEnd(1)),
                (1.0, Event::UnitEngaged(3)),
                (5.0, Event::AttemptEnd(0)),
                (5.0, Event::RetryReady(2)),
                (1e300, Event::AttemptEnd(7)),
            ]
        );
    }
}
