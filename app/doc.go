// Package app holds Latchkey's use cases, shared by the desktop and the CLI:
// connections and their status, portal sessions (connect, reconnect), one-step
// repair, sync into an offline cache, the event history, and the portfolio
// at a glance.
//
// Everything lives in the vault: connections, their grants (secrets),
// settings, cached data and events. The package is synchronous: every method
// takes ctx first and returns when its work is done; front ends own the
// goroutines. It never imports Fyne.
//
// Vault layout (bucket names and keys are plaintext in the file, so they hold
// only random ids and fixed words, never an account number):
//
//	connections          <connection id> → Connection (JSON)
//	grants               <connection id> → storedGrant (JSON, holds the secret)
//	settings             "prefs" → Preferences; "app/<institution id>" → AppRegistration
//	events/<conn id>     <seq> → Event, append-only
//	sessions             <session id>/<seq> → Event of portal sessions that made no connection
//	cache/<conn id>      "accounts", "balances/<n>", "positions/<n>", "activities/<n>/<YYYY-MM>"
//	portfolio/<conn id>  "summary" (per account: balances, holdings, daily flows, monthly
//	                     income, recent daily snapshots), "snap/<YYYY>" (older snapshots);
//	                     see pfsummary.go
//	rates                "latest", "meta", "hist/<YYYY>": the ECB's reference rates
//
// The portfolio (overview.go: totals in a base currency, allocation, merged
// holdings, value history, TWR and XIRR, income) is computed from the
// portfolio records and the rates, offline.
package app
