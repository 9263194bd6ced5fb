package ecb

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// ID is the service's id (its endpoint overrides are keyed by it).
const ID = "ecb"

// BaseURL is where the ECB publishes the reference rate files.
const BaseURL = "https://www.ecb.europa.eu/stats/eurofxref"

// Files under BaseURL.
const (
	DailyFile   = "/eurofxref-daily.xml"
	Hist90File  = "/eurofxref-hist-90d.xml"
	HistZipFile = "/eurofxref-hist.zip"
	// HistCSVName is the CSV inside HistZipFile.
	HistCSVName = "eurofxref-hist.csv"
)

// ShortHistory is how far back the 90-day file is trusted to reach.
const ShortHistory = 85 * 24 * time.Hour

// Service is the ECB's reference rates.
type Service struct{}

// New returns the ECB rate service.
func New() *Service { return &Service{} }

var _ integrations.RateSource = (*Service)(nil)

// Info describes the service.
func (*Service) Info() integrations.Institution {
	return integrations.Institution{
		ID: ID, Name: "European Central Bank", DisplayName: "ECB euro reference rates", Region: "EU",
		Website:   "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html",
		Endpoints: []integrations.Endpoint{{Name: "data", URL: BaseURL}},
		RateScope: integrations.RateScopeIP, RatePerSecond: 1, RateBurst: 2,
	}
}

func api(env integrations.Env) *httpx.API {
	return &httpx.API{Name: "The ECB", Client: env.Client(), Base: env.URL("data"),
		Header: map[string][]string{"Accept": {"application/xml, application/zip, */*"}}}
}

// LatestRates reads the newest day's reference rates.
func (s *Service) LatestRates(ctx context.Context, env integrations.Env) (integrations.RateTable, error) {
	a := api(env)
	b, err := a.Do(ctx, httpx.Request{Path: DailyFile})
	if err != nil {
		return integrations.RateTable{}, err
	}
	days, err := DecodeXML(b)
	if err != nil || len(days) == 0 {
		return integrations.RateTable{}, a.Malformed()
	}
	newest := days[0]
	for _, d := range days[1:] {
		if d.Date > newest.Date {
			newest = d
		}
	}
	return newest, nil
}

// RateHistory reads the reference rates of every day on or after since,
// oldest first.
func (s *Service) RateHistory(ctx context.Context, env integrations.Env, since integrations.Date) ([]integrations.RateTable, error) {
	a := api(env)
	var days []integrations.RateTable
	if t := since.Time(); !t.IsZero() && env.Time().Sub(t) <= ShortHistory {
		b, err := a.Do(ctx, httpx.Request{Path: Hist90File})
		if err != nil {
			return nil, err
		}
		if days, err = DecodeXML(b); err != nil {
			return nil, a.Malformed()
		}
	} else {
		b, err := a.Do(ctx, httpx.Request{Path: HistZipFile})
		if err != nil {
			return nil, err
		}
		csv, err := unzip(b)
		if err != nil {
			return nil, a.Malformed()
		}
		if days, err = DecodeCSV(csv); err != nil {
			return nil, a.Malformed()
		}
	}
	if len(days) == 0 {
		return nil, a.Malformed()
	}
	return since1(days, since), nil
}

// since1 keeps the days on or after since, oldest first.
func since1(days []integrations.RateTable, since integrations.Date) []integrations.RateTable {
	out := make([]integrations.RateTable, 0, len(days))
	for _, d := range days {
		if d.Date >= since {
			out = append(out, d)
		}
	}
	sortDays(out)
	return out
}

// maxCSV bounds the unzipped CSV (the full series is about 2 MB).
const maxCSV = 64 << 20

// unzip returns the time series CSV inside the ECB's zip.
func unzip(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	for _, f := range zr.File {
		if f.Name != HistCSVName {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		out, err := io.ReadAll(io.LimitReader(rc, maxCSV+1))
		if err != nil {
			return nil, err
		}
		if len(out) > maxCSV {
			return nil, errTooLarge
		}
		return out, nil
	}
	return nil, errNoCSV
}
