// Package statement reads the statement files brokerages let their clients
// download — OFX/QFX and CSV — into an [integrations.Dataset], for import
// connections: institutions without an API an individual can use (issue 13).
//
// It is a parsing library only: it never writes, keeps no copy of the file,
// and imports neither the app, the vault nor Fyne.
//
// # Reading a file
//
//	res, err := statement.Parse(ctx, name, file, statement.Options{
//		Presets:   presets.All(),     // institution CSV presets, passed in
//		Mapping:   savedMapping,      // the connection's mapping for other CSVs, or nil
//		AccountID: "…",               // the account of a CSV that names none
//	})
//
// [Parse] reads the whole file (at most [Options.MaxBytes], 64 MiB by
// default: [ErrTooLarge] past it; an OFX file is read as a stream, a CSV is
// held in memory), detects the encoding ([Decode]: UTF-8 with
// or without a byte-order mark, UTF-16 LE/BE with or without one, else
// Windows-1252), the format (OFX/QFX by its header, PDF and spreadsheet
// workbooks recognised and refused, otherwise delimited text), and returns a
// validated [Result]: the Dataset, the as-of date, the identity of each
// account found ([Identity]: institution hint, masked number "••••1234",
// currency) and the [Problem] rows left out, each with its line and reason,
// so the caller can offer "import the N good rows" or cancel. Nothing is
// returned half-read: a file either parses whole (with problems listed) or
// Parse fails with one of the documented sentinels ([ErrEmpty],
// [ErrUnknownFormat], [ErrUnsupported], [ErrMalformed], [ErrNeedMapping],
// [ErrUnknownPreset], [ErrNoRows]). Random bytes and truncated files give an
// error, never a panic (see the fuzz tests).
//
// # CSV
//
// [ReadTable] splits delimited text into [Record]s with their line numbers
// ([DetectDelimiter]: comma, semicolon, tab or pipe; quoted delimiters and
// line breaks respected; blank lines kept as section breaks). A file is read
// by a [Preset] — found by [Detect] from its section headers, or named in
// [Options.Preset] — or by a [Mapping] for any other CSV. A section is a
// header line and the rows under it until a blank line or the next header;
// files whose every line starts with the section's name (Interactive
// Brokers) use [Section.Prefix]. Summary rows (a first cell "Total",
// "Subtotal", …, or a lone footer cell) are ignored, not problems.
//
// Cells are never interpreted as formulas: a text cell starting with =, +,
// -, @, a tab or CR is kept as literal text (only surrounding space is
// trimmed). Institutions do not add a leading apostrophe guard, so none is
// stripped. Whoever writes these values back to a CSV must guard them.
//
// Numbers ([ParseNumber]) take a decimal point or comma ([DetectDecimal]
// decides per section when the mapping does not say), thousands separators
// (checked: groups of three), currency symbols and codes, and negatives
// written -12.50, 12.50-, or (12.50). Dates ([ParseDate]) take year-first,
// month-name and numeric forms with a time after them; the day/month order
// of numeric dates is the mapping's, or [DetectDateOrder] chooses the one
// under which the whole column parses (a note says when both do).
//
// # Mapping any other CSV
//
// [Mapping] names the column of each [Field] (date, type, symbol, units,
// price, amount, fee and commission, currency, description, account, id, …), the date order, decimal
// separator, [Sign] convention and type words ([DefaultTypes] plus its own);
// it is JSON, saved per connection. [Guess] proposes one from a header
// ([Table.Header] finds the header), [Preview] shows the first rows as they
// would import.
//
// # Presets
//
// A [Preset] is a named, declarative reading of one institution's export:
// [Section]s with header signatures and mappings, plus optional [Hooks] for
// quirks. Presets register by being listed: the presets package exports
// All() []statement.Preset and the caller passes them in [Options.Presets].
//
// # Identity and ids
//
// Account ids are [AccountID] hashes of the institution hint and the full
// number, so a newer statement of the same account lands on the same id
// while the number itself never leaves the parser: only [MaskNumber]'s form
// does. A CSV that names no account puts its rows in [Options.AccountID].
// Activity ids come from the file (OFX FITID, a preset's id column, made
// unique by occurrence) or are a hash of the row's normalised content and
// its occurrence index among identical rows, so two identical rows stay two
// activities, re-reading a file gives the same ids, and overlapping files
// merge.
//
// # OFX
//
// The ofx subpackage reads OFX 1.x (SGML) and 2.x (XML) statements, QFX
// included: investment statements (INVSTMTRS: positions, trades, income,
// reinvestments, transfers, bank transactions, balances, with SECLIST for
// tickers and names) and bank and card statements (STMTRS, CCSTMTRS) as cash
// accounts. Its doc says why it reads OFX itself rather than through
// github.com/aclindsa/ofxgo (kept as a test-only cross-check).
//
// # Speed
//
// A 100,000-row activity CSV (19 MB, through the fidelity-history preset)
// parses in about 0.7 CPU-seconds with 1 M allocations
// (presets.BenchmarkFidelityHistory100k); imported into a vault end to end
// it takes 1–1.5 s and 120 MB peak heap on a 2-core machine (app's
// BenchmarkImport*). What keeps it there: a block's header is shared by its
// rows and a Row hook's added columns are shared too (no header copy or
// search per row), the cells a file repeats (numbers, dates, words, account
// numbers, type words) are read once per file, the text an activity keeps
// is held once rather than by way of its row's line, hashed ids are built
// without allocating, and a file's activities live in one array cut per
// account in place.
//
// # Not here: PDF statements
//
// PDF statements are recognised and refused with [ErrPDF] (an
// [ErrUnsupported]); the import names the download to use instead
// (presets.PDFAdvice). The decision, for Webull Canada, whose monthly
// statement is its only complete record (holdings, cash, dividends, fees):
//
//   - What Webull Canada lets a user download: the Orders Records CSV
//     (Order Center → Order History → Download; trades only, no fees,
//     dividends or currency) — read by the webull-ca-orders preset; a
//     yearly Trading Summary CSV issued with the T5008 in late February
//     (Currency, Date, Action Code, Symbol, Security Description, Type
//     Code, Quantity, Price, Proceeds; settlement dates, BUY and SELL rows;
//     no preset reads it yet); and PDFs under the account's Documents:
//     monthly statements, trade confirmations, tax slips. Sources: Webull
//     Canada's help "How do I get my monthly statement and trade
//     confirmation?" (webull.ca/help/faq/358) and "Which tax documentation
//     can I expect to receive?" (webull.ca/help/faq/591), as cited by the
//     taxjson project's docs/brokers.md and its Trading Summary reader
//     (read 2026-12; the webull.ca pages themselves could not be read
//     here: unverified at first hand); the Order History download as in
//     presets' Webull help.
//   - No well-kept pure-Go PDF text library is served by our module proxy:
//     github.com/klippa-app/go-pdfium (v1.21.5) is PDFium compiled to
//     WebAssembly and run under wazero (C++ in a Go runtime, several MB);
//     github.com/pdfcpu/pdfcpu is served only as an unapproved copy and
//     extracts content streams, not text; codeberg.org/go-pdf/fpdf writes
//     PDFs only; rsc.io/pdf and its forks are not served.
//   - No public sample of a Webull Canada monthly statement was found to
//     shape a reader's fixtures on: a reader would be guesswork.
//
// So PDFs are refused. Reading them stays open for a library and a real
// statement's layout.

package statement
