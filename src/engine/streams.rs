//! Common random numbers: every random number of a run comes from a stream
//! keyed by what it belongs to — a step (by id) for its durations, risks
//! and failures; a role (by id) for its people's response times, person by
//! person; a component's data source (by ids) for its data loss — and by
//! (seed, run). Changing one step of a plan then leaves every other draw
//! of every run as it was, so two variants of a plan differ run by run
//! only where the change reaches, and a change that cannot matter changes
//! nothing at all. Streams depend on ids, not on positions in the file, so
//! reordering or adding steps moves nothing either.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use crate::scenario::{Scenario, Source};

/// One run: the seed of all its streams and the run's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RunKey {
    pub seed: u64,
    pub run: u64,
}

/// What a stream belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Owner<'a> {
    Step(&'a str),
    Role(&'a str),
    /// A component and one of its data sources.
    Data(&'a str, &'a str),
    /// When the disaster strikes in the week.
    Clock,
    /// A scenario-wide condition: which case holds.
    Condition(&'a str),
    /// A shared risk (by name): whether it strikes, and its delay.
    SharedRisk(&'a str),
    /// The correlation groups' copula.
    Correlation,
}

/// A 64-bit key of `owner`, the same in every run and every version of
/// the file that keeps its ids (FNV-1a over a kind tag and the ids, mixed).
pub(crate) fn key(owner: Owner) -> u64 {
    let (tag, parts): (u8, [&str; 2]) = match owner {
        Owner::Step(id) => (1, [id, ""]),
        Owner::Role(id) => (2, [id, ""]),
        Owner::Data(component, source) => (3, [component, source]),
        Owner::Clock => (4, ["", ""]),
        Owner::Condition(name) => (5, [name, ""]),
        Owner::SharedRisk(name) => (6, [name, ""]),
        Owner::Correlation => (7, ["", ""]),
    };
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    let mut eat = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    };
    eat(tag);
    for part in parts {
        part.bytes().for_each(&mut eat);
        // Ids never hold 0xFF (they are ASCII): a separator no id can fake.
        eat(0xFF);
    }
    splitmix64(hash)
}

/// The keys of everything in a scenario that draws, computed once.
#[derive(Debug, Clone)]
pub(crate) struct StreamKeys {
    /// Per step.
    pub(crate) steps: Vec<u64>,
    /// Per role.
    pub(crate) roles: Vec<u64>,
    /// Per component, per data source.
    pub(crate) sources: Vec<Vec<u64>>,
    /// When the disaster strikes.
    pub(crate) clock: u64,
    /// Per condition.
    pub(crate) conditions: Vec<u64>,
    /// Per shared risk.
    pub(crate) shared_risks: Vec<u64>,
    /// The copula of the correlation groups.
    pub(crate) correlation: u64,
}

impl StreamKeys {
    pub(crate) fn of(s: &Scenario) -> StreamKeys {
        StreamKeys {
            steps: s.steps.iter().map(|st| key(Owner::Step(&st.id))).collect(),
            roles: s.roles.iter().map(|r| key(Owner::Role(&r.id))).collect(),
            sources: s
                .components
                .iter()
                .map(|c| {
                    let data = |src: &Source| key(Owner::Data(&c.id, &src.name));
                    c.sources.iter().map(data).collect()
                })
                .collect(),
            clock: key(Owner::Clock),
            conditions: s
                .conditions
                .iter()
                .map(|c| key(Owner::Condition(&c.name)))
                .collect(),
            shared_risks: s
                .shared_risks
                .iter()
                .map(|r| key(Owner::SharedRisk(&r.name)))
                .collect(),
            correlation: key(Owner::Correlation),
        }
    }
}

/// The stream of the thing with key `key` in `run`.
#[cfg(test)]
pub(crate) fn stream(run: RunKey, key: u64) -> Xoshiro256PlusPlus {
    run.streams().of(key)
}

/// The streams of one run: the run's part of every key, computed once.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RunStreams(u64);

impl RunKey {
    pub(crate) fn streams(self) -> RunStreams {
        let seed = splitmix64(self.seed ^ 0x243F_6A88_85A3_08D3);
        RunStreams(splitmix64(
            seed ^ self.run.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        ))
    }
}

impl RunStreams {
    /// The stream of the thing with key `key`.
    pub(crate) fn of(self, key: u64) -> Xoshiro256PlusPlus {
        Xoshiro256PlusPlus::seed_from_u64(self.0 ^ key)
    }
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn keys_tell_kinds_and_ids_apart() {
        let keys = [
            key(Owner::Step("db")),
            key(Owner::Role("db")),
            key(Owner::Data("db", "")),
            key(Owner::Data("d", "b")),
            key(Owner::Step("dc")),
            key(Owner::Clock),
            key(Owner::Correlation),
            key(Owner::Condition("db")),
            key(Owner::SharedRisk("db")),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(key(Owner::Step("db")), key(Owner::Step("db")));
    }

    #[test]
    fn a_stream_depends_on_seed_run_and_key() {
        let first = |run: RunKey, k: u64| stream(run, k).random::<u64>();
        let base = RunKey { seed: 1, run: 2 };
        let k = key(Owner::Step("a"));
        assert_eq!(first(base, k), first(base, k));
        assert_ne!(first(base, k), first(RunKey { seed: 2, ..base }, k));
        assert_ne!(first(base, k), first(RunKey { run: 3, ..base }, k));
        assert_ne!(first(base, k), first(base, key(Owner::Step("b"))));
    }
}
