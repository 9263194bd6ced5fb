package app

import (
	"math"
	"sort"

	"github.com/shopspring/decimal"
)

// TWR is the time-weighted return of a daily series (fraction, not
// annualised), linked daily: each day's return is its end value, less the
// day's flow, over the previous day's end value, and the days' growth
// factors multiply. days[0] is the starting point (its flow is already in
// its value). Between flows the daily factors telescope, so only days with
// a flow (or a value at or below zero) are divided.
//
// A day that starts from nothing (the account opened, or refilled after a
// full withdrawal) grows from its flow, as if the money came in at the
// start of that day. A stretch that starts from a negative value (a margin
// debt larger than the assets) has no capital to weigh a return by and is
// left out; ErrNoReturn when no stretch is left, or fewer than two days.
func TWR(days []DayValue) (decimal.Decimal, error) {
	r, _, err := twr(days)
	return r, err
}

// twr is TWR, also reporting whether a stretch was left out for a negative
// starting value.
func twr(days []DayValue) (decimal.Decimal, bool, error) {
	if len(days) < 2 {
		return decimal.Decimal{}, false, ErrNoReturn
	}
	one := decimal.NewFromInt(1)
	prod, have, skipped := one, false, false
	start := days[0].Value // the capital the current stretch grows from
	open := false          // a stretch runs past the last day divided
	for _, d := range days[1:] {
		if d.Flow.IsZero() && d.Value.Sign() > 0 && start.Sign() > 0 {
			open = true // inside a stretch: the daily factors telescope
			continue
		}
		open = false
		switch {
		case start.Sign() > 0:
			prod = prod.Mul(d.Value.Sub(d.Flow)).DivRound(start, 16)
			have = true
		case start.Sign() < 0:
			skipped = true
		case d.Flow.Sign() > 0 && d.Value.Sign() >= 0:
			// From nothing: the flow is the capital of the day.
			prod = prod.Mul(d.Value).DivRound(d.Flow, 16)
			have = true
		}
		start = d.Value
	}
	if open {
		prod = prod.Mul(days[len(days)-1].Value).DivRound(start, 16)
		have = true
	}
	if !have {
		return decimal.Decimal{}, skipped, ErrNoReturn
	}
	return prod.Sub(one), skipped, nil
}

// XIRR is the annualised internal rate of return of dated flows, as a
// spreadsheet's XIRR computes it: the rate r at which the flows' values,
// each discounted by (1+r)^(days since the first flow / 365), sum to zero.
// Flows need not be sorted. ErrNoReturn when the flows do not change sign,
// span no time, or no rate is found.
//
// The root is searched in float64 (Newton's method, then bisection when
// Newton strays): it is a ratio, not money, and the result is rounded to
// ten decimal places. The amounts themselves are summed as decimals.
func XIRR(flows []Flow) (decimal.Decimal, error) {
	if len(flows) < 2 {
		return decimal.Decimal{}, ErrNoReturn
	}
	fs := append([]Flow(nil), flows...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Date < fs[j].Date })
	t0 := fs[0].Date.Time()
	// Merge flows of one day in decimals, then hand the solver floats.
	var amts, years []float64
	pos, neg := false, false
	for i := 0; i < len(fs); {
		j, sum := i, decimal.Decimal{}
		for ; j < len(fs) && fs[j].Date == fs[i].Date; j++ {
			sum = sum.Add(fs[j].Amount)
		}
		if t := fs[i].Date.Time(); !t.IsZero() && !sum.IsZero() {
			f := sum.InexactFloat64()
			amts = append(amts, f)
			years = append(years, t.Sub(t0).Hours()/24/365)
			pos, neg = pos || f > 0, neg || f < 0
		}
		i = j
	}
	if !pos || !neg || years[len(years)-1] == 0 {
		return decimal.Decimal{}, ErrNoReturn
	}
	npv := func(r float64) (v, dv float64) {
		for i, a := range amts {
			d := math.Pow(1+r, years[i])
			v += a / d
			dv -= years[i] * a / (d * (1 + r))
		}
		return v, dv
	}
	r := 0.1
	for range 100 {
		v, dv := npv(r)
		if math.Abs(v) < 1e-9 {
			return round10(r), nil
		}
		if dv == 0 || math.IsNaN(dv) {
			break
		}
		next := r - v/dv
		if next <= -1 || math.IsNaN(next) || math.IsInf(next, 0) {
			break
		}
		if math.Abs(next-r) < 1e-13 {
			return round10(next), nil
		}
		r = next
	}
	// Bisection over (-1, hi], widening hi until the sign changes.
	lo, hi := -0.999999999, 1.0
	vlo, _ := npv(lo)
	vhi, _ := npv(hi)
	for vlo*vhi > 0 && hi < 1e9 {
		hi *= 10
		vhi, _ = npv(hi)
	}
	if vlo*vhi > 0 || math.IsNaN(vlo*vhi) {
		return decimal.Decimal{}, ErrNoReturn
	}
	for range 300 {
		mid := (lo + hi) / 2
		vm, _ := npv(mid)
		if vm == 0 || hi-lo < 1e-13 {
			return round10(mid), nil
		}
		if vm*vlo < 0 {
			hi = mid
		} else {
			lo, vlo = mid, vm
		}
	}
	return round10((lo + hi) / 2), nil
}

func round10(f float64) decimal.Decimal { return decimal.NewFromFloat(f).Round(10) }
