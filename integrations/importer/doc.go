// Package importer is the "Import statements" auth method (issue 13): a
// connection fed by the statement files an institution lets its clients
// download — OFX/QFX, the institution's CSV exports (package
// statement/presets), or any other CSV through a saved column mapping —
// instead of by a login.
//
// It provides:
//
//   - the import-only institutions (New): Webull Canada (webull-ca: Webull's
//     OpenAPI does not serve Canada), Fidelity, Vanguard, Merrill and
//     Robinhood, none of which has an API an individual can use;
//   - With, which adds the import method to an institution that has an API
//     and also exports files (integrations/all wraps schwab, ibkr-flex,
//     questrade, wealthsimple, webull, degiro and trading212). Statements of
//     Interactive Brokers are imported into ibkr-flex, not a separate
//     institution nor the Web API's ibkr: a Flex query is itself a
//     statement of the same account (the activity statement's sections), so
//     statement files sit with it;
//   - the import login, an integrations.StepLogin.
//
// # The login
//
// The first step is a FormStep with the file (FieldFile, a path: the
// desktop's file chooser or dropped file, the CLI's --file), the format
// (FormatAuto, one of the institution's presets, or FormatOther) and, for
// Webull Canada, whose orders file names no currency, the currency (CAD by
// default, or USD). The file is opened read-only, parsed whole by
// statement.Parse (at most statement.DefaultMaxBytes, 64 MiB) with the
// institution's presets and the connection's saved mapping, and never
// copied: a CSV waiting for its mapping is kept as its parsed table in
// memory until the login ends.
//
// A file that cannot be read (not a statement, damaged, empty, too large, a
// PDF, a folder, a missing path) is refused with
// integrations.ErrInvalidCredentials and a user-safe detail
// (integrations.Detail), so the same form comes back to choose another
// file. Then, in order:
//
//   - a CSV no preset and no saved mapping reads gets the mapping step: a
//     FormStep titled "Map the file's columns" of choice fields named
//     FieldMapPrefix+field (map_date, map_type, map_symbol, map_units,
//     map_price, map_amount, map_fee, map_currency, map_description,
//     map_market_value: a column of the file or NotMapped), FieldMapKind
//     (activity or position rows), FieldDateFormat, FieldDecimal,
//     FieldDefaultCurrency and FieldNext (ChoiceImport, or ChoicePreview to
//     show the preview again). Each field's Placeholder is the proposal
//     (statement.Guess, or the saved mapping when it fits) and an empty
//     answer keeps it; the Message previews the first rows as the proposal
//     reads them, one per line. A front end shows the preview live by
//     answering with FieldNext = ChoicePreview whenever a choice changes:
//     the same step comes back with a new Message. The mapping is saved in
//     the grant, so the next file of the same shape imports in one click. A
//     CSV that is another institution's known export is refused instead
//     (ErrWrongFile), unless the user chose FormatOther;
//   - an OFX file naming another institution (its ORG, FID or BROKERID) is
//     refused (ErrWrongFile); so, in a repair, is a file none of whose
//     accounts is the connection's (matched by account id, else by masked
//     number and currency, which recognises one account across its CSV and
//     OFX files). A file adding an account to a known one is accepted;
//   - rows that could not be read are offered as a ChoiceStep named
//     FieldBadRows whose Message lists them one per line ("line 5: Amount:
//     not a number", at most 20, then "… and N more") and ends "Import the
//     N good rows?": ChoiceImport or ChoiceCancel;
//   - in a repair, a file with holdings or balances older than the newest
//     statement imported is offered as a backfill (ChoiceStep FieldBackfill:
//     ChoiceBackfill or ChoiceCancel): its activities merge, its holdings
//     do not replace the newer ones (the app's putDataset). A file of
//     activities only merges without asking: nothing of it replaces
//     anything.
//
// Cancel ends the login with ErrCancelled (context.Canceled): nothing is
// imported. The DoneStep carries Grant{Method: import, Fingerprint, Secret},
// the file's Accounts and Data (the parsed dataset), which the app stores
// as the new connection's first sync or merges into the repaired one.
//
// # Fingerprint and grant
//
// A new connection's fingerprint is integrations.Fingerprint of the
// institution and the ids of the accounts the file names (ids are hashes:
// statement.AccountID). A file naming no account (Webull's orders records,
// some single-account histories) gets a fresh random fingerprint: each
// such connection is its own, and newer files go into it by repair
// ("latchkey import", the desktop's "Import a newer statement"), which
// keeps the connection's fingerprint once the accounts matched.
//
// The grant's Secret is JSON (state): the preset last used, the saved
// mapping, the chosen currency, the connection's account ids with masked
// numbers, the newest statement date, and — for institutions whose files
// hold trades only (Spec.DeriveHoldings: Webull, Webull Canada) — the
// trades imported so far, from which holdings are summed (units, average
// cost, priced at the last trade and dated then: the files hold no quotes).
// It never holds a file name, a path or a full account number.
//
// # Staleness
//
// An import connection's status follows its data: the app shows it as
// expiring once its newest statement is older than Institution.StaleAfter
// (integrations.DefaultStaleAfter, 35 days: monthly statements). Files that
// state no date (Webull's orders records, positions exports) are dated by
// statement.Parse from their newest row or the import; for trade-only
// institutions the statement is as of the import, since holdings are
// recomputed from every trade.
package importer
