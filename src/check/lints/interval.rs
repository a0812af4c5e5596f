//! Sets of numbers as intervals, with open or closed ends: what a condition says about a
//! value (`employees > 100` is `(100, ∞)`), and the bands of tiers (`(20, 50]`).

/// One end of an interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct End {
    /// Where it lies; `±∞` for no limit.
    pub value: f64,
    /// Whether `value` itself belongs to the interval.
    pub closed: bool,
}

/// The numbers between two ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Interval {
    /// Lower end.
    pub lo: End,
    /// Upper end.
    pub hi: End,
}

impl Interval {
    /// Every number.
    pub const ALL: Interval = Interval {
        lo: End {
            value: f64::NEG_INFINITY,
            closed: true,
        },
        hi: End {
            value: f64::INFINITY,
            closed: true,
        },
    };

    /// `lo..=hi`.
    pub fn closed(lo: f64, hi: f64) -> Interval {
        Interval {
            lo: End {
                value: lo,
                closed: true,
            },
            hi: End {
                value: hi,
                closed: true,
            },
        }
    }

    /// Numbers above `v` (`closed`: or equal to it).
    pub fn above(v: f64, closed: bool) -> Interval {
        Interval {
            lo: End { value: v, closed },
            ..Interval::ALL
        }
    }

    /// Numbers below `v` (`closed`: or equal to it).
    pub fn below(v: f64, closed: bool) -> Interval {
        Interval {
            hi: End { value: v, closed },
            ..Interval::ALL
        }
    }

    /// The numbers in both.
    pub fn meet(self, o: Interval) -> Interval {
        let lo = if o.lo.value > self.lo.value || (o.lo.value == self.lo.value && !o.lo.closed) {
            o.lo
        } else {
            self.lo
        };
        let hi = if o.hi.value < self.hi.value || (o.hi.value == self.hi.value && !o.hi.closed) {
            o.hi
        } else {
            self.hi
        };
        Interval { lo, hi }
    }

    /// The smallest interval holding both.
    pub fn join(self, o: Interval) -> Interval {
        let lo = if o.lo.value < self.lo.value || (o.lo.value == self.lo.value && o.lo.closed) {
            o.lo
        } else {
            self.lo
        };
        let hi = if o.hi.value > self.hi.value || (o.hi.value == self.hi.value && o.hi.closed) {
            o.hi
        } else {
            self.hi
        };
        Interval { lo, hi }
    }

    /// True when no number lies in it.
    pub fn is_empty(self) -> bool {
        self.lo.value > self.hi.value
            || (self.lo.value == self.hi.value && !(self.lo.closed && self.hi.closed))
    }

    /// True when every number in `self` is also in `outer`.
    pub fn within(self, outer: Interval) -> bool {
        self.is_empty() || self.meet(outer) == self
    }
}

/// The scores that fall in tier `i` of a set: above the previous tier's bound, up to and
/// including its own (the first tier has no lower end, the last no upper end).
pub(crate) fn band(t: &crate::ir::TierSet, i: usize) -> Interval {
    let lo = match i.checked_sub(1).and_then(|k| t.uppers.get(k)) {
        Some(v) => Interval::above(*v, false),
        None => Interval::ALL,
    };
    match t.uppers.get(i) {
        Some(v) => lo.meet(Interval::below(*v, true)),
        None => lo,
    }
}

#[cfg(test)]
mod tests {
    use super::Interval;

    #[test]
    fn meet_join_and_containment_respect_open_ends() {
        let gt100 = Interval::above(100.0, false);
        let ge100 = Interval::above(100.0, true);
        assert!(gt100.within(ge100));
        assert!(!ge100.within(gt100));
        assert!(Interval::above(500.0, true).within(gt100));
        assert!(gt100.meet(Interval::below(100.0, true)).is_empty());
        assert!(!ge100.meet(Interval::below(100.0, true)).is_empty());
        let hull = Interval::closed(1.0, 2.0).join(Interval::closed(5.0, 6.0));
        assert_eq!(hull, Interval::closed(1.0, 6.0));
        assert!(Interval::closed(0.0, 75.0).within(Interval::below(80.0, true)));
        assert!(!Interval::ALL.within(Interval::below(80.0, true)));
    }
}
