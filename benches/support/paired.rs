//! Paired measurement of a candidate against its baseline, for the ratios
//! the benchmarks report.
//!
//! On a shared machine the speed of both sides drifts by tens of percent
//! within a minute, so two criterion runs one after the other can differ by
//! more than the overhead being measured. Here each round times the
//! baseline and the candidate back to back (alternating which goes first),
//! and the ratio is the median of the rounds' ratios: drift slower than a
//! round cancels out.
//!
//! Besides the time that passes, each side's CPU time (all threads of the
//! process) is summed: a side that works on two threads finishes sooner
//! than it works, and both numbers are reported.

use std::time::{Duration, Instant};

use cpu_time::ProcessTime;

/// What a paired run measured.
pub struct Paired {
    pub rounds: usize,
    pub baseline: Duration,
    pub candidate: Duration,
    /// Median of candidate time / baseline time over the rounds.
    pub ratio: f64,
    /// The rounds' first and third quartile of that ratio.
    pub quartiles: (f64, f64),
    /// Candidate CPU time / baseline CPU time, over all rounds.
    pub cpu_ratio: f64,
}

/// Time `baseline` and `candidate` for `rounds` rounds, after `warmup`
/// untimed ones.
pub fn measure(warmup: usize, rounds: usize, mut baseline: impl FnMut(), mut candidate: impl FnMut()) -> Paired {
    for _ in 0..warmup {
        baseline();
        candidate();
    }
    let mut cpu = [Duration::ZERO; 2];
    let mut time = |side: usize, f: &mut dyn FnMut()| {
        let (start, started_cpu) = (Instant::now(), ProcessTime::now());
        f();
        cpu[side] += started_cpu.elapsed();
        start.elapsed()
    };
    let mut base = Vec::with_capacity(rounds);
    let mut cand = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (b, c) = if round % 2 == 0 {
            let b = time(0, &mut baseline);
            (b, time(1, &mut candidate))
        } else {
            let c = time(1, &mut candidate);
            (time(0, &mut baseline), c)
        };
        base.push(b);
        cand.push(c);
    }
    let mut ratios: Vec<f64> = base.iter().zip(&cand).map(|(b, c)| c.as_secs_f64() / b.as_secs_f64()).collect();
    ratios.sort_by(f64::total_cmp);
    base.sort();
    cand.sort();
    Paired {
        rounds,
        baseline: base[rounds / 2],
        candidate: cand[rounds / 2],
        ratio: ratios[rounds / 2],
        quartiles: (ratios[rounds / 4], ratios[rounds * 3 / 4]),
        cpu_ratio: cpu[1].as_secs_f64() / cpu[0].as_secs_f64(),
    }
}

impl std::fmt::Display for Paired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "baseline {:>10.3?}  candidate {:>10.3?}  ratio {:.3} (quartiles {:.3}–{:.3}, {} paired rounds)  CPU time ratio {:.3}",
            self.baseline, self.candidate, self.ratio, self.quartiles.0, self.quartiles.1, self.rounds, self.cpu_ratio
        )
    }
}
