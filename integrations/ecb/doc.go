// Package ecb reads the European Central Bank's euro foreign exchange
// reference rates: a service (integrations.RateSource), not an institution.
// No account, no key: the files are public.
//
// # Sources
//
//   - The ECB's page "Euro foreign exchange reference rates"
//     (https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html):
//     "The reference rates are usually updated around 16:00 CET on every
//     working day, except on TARGET closing days." Its downloads: current
//     reference rates as XML (eurofxref-daily.xml), and time series as CSV
//     (.zip: eurofxref-hist.zip), XML (eurofxref-hist.xml) and "XML (last
//     90 days only)" (eurofxref-hist-90d.xml), all under
//     https://www.ecb.europa.eu/stats/eurofxref/. The page's own PHP
//     example reads eurofxref-daily.xml at that address ("Output the value
//     of 1EUR for a currency code"): every rate is units of the currency
//     per euro.
//   - The XML shape (the ECB's files as served; the page's parser examples
//     read the same attributes): a gesmes:Envelope
//     (xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01", default
//     namespace "http://www.ecb.int/vocabulary/2002-08-01/eurofxref") holding
//     gesmes:subject "Reference rates", gesmes:Sender/gesmes:name "European
//     Central Bank", and one outer <Cube> whose children are
//     <Cube time='YYYY-MM-DD'>, one per day (one in the daily file, newest
//     first in the time series), each holding <Cube currency='USD'
//     rate='1.0705'/> per currency. testdata/eurofxref-daily.xml and
//     testdata/eurofxref-hist-90d.xml are in that shape.
//   - The CSV in eurofxref-hist.zip: one member, eurofxref-hist.csv; a
//     header "Date,USD,JPY,BGN,CYP,…," (a trailing comma, so an empty last
//     column), one row per day newest first ("2024-06-28,1.0705,171.94,…"),
//     "N/A" where a currency had no rate that day (currencies that left or
//     joined: CYP, EEK, HRK, RUB…). testdata/eurofxref-hist.csv is in that
//     shape.
//
// # What Latchkey does with them
//
// LatestRates reads eurofxref-daily.xml. RateHistory reads
// eurofxref-hist-90d.xml when the days asked for are within the last 85
// days, else the zipped CSV (about 0.6 MB zipped against about 10 MB of
// XML, which would near the HTTP client's 16 MiB answer limit), keeping the
// days on or after since. The app fetches them with the next sync at most
// once a day and keeps them in the vault (app.RefreshRates).
//
// Errors: a status that is not 2xx maps through httpx (5xx and 429
// transient); an answer that does not parse, or parses to no day, is
// ErrUnavailable ("the ECB's answer could not be understood"). Rates that
// are not positive decimals are dropped (never zero).
//
// # Not verified
//
//   - Which currencies are published today: Bulgaria adopted the euro on
//     1 January 2026, so BGN is expected to have stopped; the fake no longer
//     publishes it. Nothing here depends on the list.
//   - The exact size of the full XML time series (estimated, not measured);
//     the zip is used for long histories either way.
//   - TARGET closing days in the fake follow the fixed ones (1 January,
//     1 May, 25 and 26 December) and weekends; Good Friday and Easter
//     Monday are not modelled.
package ecb
