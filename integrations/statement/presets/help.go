package presets

// The help each import connection shows: where the download lives, which
// report, which format, how far back, and what latchkey reads of it. Menu
// names change; each text says what to look for, and its sources (read on
// the date given) are in HelpSources and doc.go. Where a fact could not be
// checked on the institution's own pages the source says so.

var webullHelp = guide{
	text: `Webull has no export of your whole account as a file; its orders records are the one CSV.

In the Webull app or on the web: Account (or the Webull logo) → Orders / Order Center → Order History → the download (export) icon → choose the date range → Export. When the file is ready, download Webull_Orders_Records.csv. The order list on screen shows the last 90 days; the download can reach further back (Webull's help: back to February 2021 for VIP accounts).

Latchkey reads the filled orders: buys and sells with quantity, average price and time, option legs included. Cancelled and unfilled orders are skipped. The file has no dividends, deposits, withdrawals or fees: those are only in the monthly statements (Account → Statements, PDF), which latchkey cannot read yet.`,
	sources: []string{
		"https://pptfa.com/5629.html (a walkthrough of Webull's help: Assets → Order Center → Order History / Trading History → Download, date range, 90-day view, VIP back to Feb 2021), read 2026-10",
		"/work/shared/reference/reach.md lead (Order Center → Order History / Trading History → Download), not confirmed on webull.com's own help page",
		"Webull's own pages searched 2026-12-05 (search tool, pages corpus): only its OpenAPI reference (developer.webull.com, developer.webull.co.jp) was found, no help page on the app's export: the menu path stays UNVERIFIED on webull.com",
		"header and quirks: public importers' tests of Webull_Orders_Records.csv (find_string 'Name,Symbol,Side,Status,Filled,Total Qty'), read 2026-10",
	},
}

var webullCAHelp = guide{
	text: `Webull Canada has no API an individual can use; import the files its app lets you download.

In the Webull app (Canada): Account → Orders / Order Center → Order History → the download (export) icon → choose the date range (the longest it offers) → Export, then download Webull_Orders_Records.csv when it is ready. It is the same file as Webull's in the US: the filled orders, with quantity, average price and time.

The file names no currency: choose CAD or USD for the import (Webull Canada trades both TSX and US listings; import each currency's orders as its own connection if you hold both). It has no dividends, deposits, withdrawals or fees: Webull Canada's complete record is the monthly statement (Account → Statements), a PDF that latchkey cannot read yet.`,
	sources: []string{
		"/work/shared/reference/reach.md: Webull's OpenAPI covers US, HK and JP, not Canada (developer.webull.com, developer.webull.hk), read 2026-10",
		"https://pptfa.com/5629.html (Order Center → Order History → Download), read 2026-10; NOT confirmed for Webull Canada: no webull.ca help page or Webull Canada sample file was found",
		"searched again 2026-12-05 (search tool: 'Webull Canada account statements download', 'Webull download order history export CSV'): still no webull.ca page; how far back the Canadian download reaches is UNVERIFIED",
	},
}

var fidelityHelp = guide{
	text: `On Fidelity.com (not the app):

Positions: Accounts & Trade → Portfolio → Positions → the download icon (CSV). You get Portfolio_Positions_<date>.csv with today's holdings of every account shown; the date of the download is the date of the holdings.

Activity: Accounts & Trade → Portfolio → Activity & Orders (History) → choose the accounts and the longest time period offered → the download icon (CSV). You get Accounts_History.csv (older: History_for_Account_<number>.csv) with buys, sells, dividends, reinvestments, interest, fees and transfers, signed as they moved your cash.

Import both: the positions give the holdings, the history the activity. Download them as they are; a file saved again by a spreadsheet may change its numbers. Fidelity's monthly statements are PDFs (only tax forms come as CSV under Statements): use these two downloads instead.`,
	sources: []string{
		"open-portfolio/FINporterFido README and Tests/FidoPositionsTests.swift (Portfolio_Positions_Mmm-dd-yyyy.csv, BOM, CRLF, trailing commas), commit 947fde48, read 2026-10",
		"redstreet/beancount_reds_importers importers/fidelity (fidelity_cma_csv_examples/History_for_Account_X8YYYYYYY.csv; tests/…/fidelity_csv_all_accounts_transactions_20251204.csv), commit 2d7770d0, read 2026-10",
		"jmacdonald2010/fidelity-portfolio-review README (Positions tab → download), read 2026-10; the menu path is not confirmed on fidelity.com's own help",
		"http://personal.fidelity.com/webxpress/help/topics/learn_portfolio_positions.shtml (Fidelity's Portfolio Positions help lists 'Can I download information from the Portfolio Positions page?'; the stored copy does not hold the answer), read 2026-12-05",
		"https://www.fidelity.com/trading/account-statement-faqs (statements, confirmations and tax forms are PDFs; tax forms also as CSV), read 2026-12-05",
	},
}

var vanguardHelp = guide{
	text: `On vanguard.com: My Accounts → Download center (under Transaction history or Balances & holdings) → choose "A spreadsheet-compatible CSV file", the accounts, and the date range (up to 18 months per download) → Download. You get OfxDownload.csv: your holdings today, then the transactions of the period, for every account you chose.

Latchkey reads both parts: holdings (shares, price, value) and transactions (buys, sells, dividends, reinvestments, capital gains, transfers, fees). Vanguard's CSV has no cost basis; its QFX download has the same data for Quicken.`,
	sources: []string{
		"holdings and transactions headers, trailing commas, blank-line-separated accounts: public importers (find_string 'Investment Name,Symbol,Shares,Share Price'; a C# family-finance importer's ImportVanguard comment), read 2026-10",
		"18-month limit and file name: a public Dart parser's doc comment (VanguardParser: 'History limit: 18 months', 'Filename: ofxdownload.csv'), read 2026-10; NOT confirmed on vanguard.com",
		"vanguard.com searched 2026-12-05 (search tool: 'Vanguard download center spreadsheet-compatible CSV'): only unrelated help (personal.vanguard.com linked accounts FAQ) was found; the Download center path stays UNVERIFIED on vanguard.com",
	},
}

var merrillHelp = guide{
	text: `On merrilledge.com (or Merrill Lynch): Accounts → Activity (History) → choose the accounts and the longest date range offered → Download (Export) → CSV. You get a file of every transaction with Trade Date, Settlement Date, Account #, Description 1, Description 2, Symbol/CUSIP #, Quantity, Price ($) and Amount ($).

Latchkey reads purchases, sales, dividends, reinvestments, interest, deposits, withdrawals and fees; pending rows are read with their trade date. Merrill also offers the same activity as QFX for Quicken.`,
	sources: []string{
		"columns: public importers of Merrill Edge CSVs (TradeLog's 'ReadBOA' importer comments; a 'MerrillEdgeCsvExtractor' mapping Description 1 → Purchase/Sale/Dividend/Bank Interest/Deposit), read 2026-10",
		"menu path NOT confirmed on merrilledge.com (searched 2026-12-05: https://www.merrilledge.com/help-support was found, with no download topic); no Merrill sample file was found",
	},
}

var robinhoodHelp = guide{
	text: `On robinhood.com (web): Account → Reports and statements → Account activity reports → Generate new report → choose the account and the date range (the whole period you need) → CSV. Robinhood prepares the report, usually in minutes but up to a day, and lists it when it is ready; download it from Reports and statements.

Latchkey reads buys, sells, dividends, interest, fees, taxes, deposits and withdrawals (ACH), splits and option trades, each with its Trans Code. Your monthly account statements (Statements) are PDFs.`,
	sources: []string{
		"a public importer written against a real 1,287-row export (comment: 'Robinhood → Account → Reports and statements → Activity reports → CSV', multi-line Description, '8S' quantities, '($1,234.56)'), read 2026-10",
		"https://bookmarkinvestor.com/robinhood-account-statement/ (monthly statements are PDFs under Account → Statements), read 2026-10; report menu NOT confirmed on robinhood.com's help",
		"https://unanswered.io/guide/how-to-view-trade-history-and-day-trade-count-on-robinhood (Account → Reports and statements → Account activity reports → Generate new report → account type, date range → CSV; minutes to 24 hours), read 2026-12-05; robinhood.com searched the same day (search tool): only unrelated support articles were found, so the menu stays UNVERIFIED on robinhood.com",
	},
}

var schwabHelp = guide{
	text: `On schwab.com:

Transactions: Accounts → History → choose the account and the Date Range (Schwab keeps about the last four years online; export a longer history in parts) → Export → CSV.

Positions: Accounts → Positions → choose the account → Export → CSV. The file is dated at the moment of the export.

Latchkey reads both; the positions file gives the holdings, the transactions file the activity. Schwab's "All accounts" positions file holds several accounts: export each account on its own.`,
	sources: []string{
		"dickwolff/Export-To-Ghostfolio README ('Accounts then History … Date Range … Export (csv)') and samples/schwab-export.csv, commit 9e35bd60, read 2026-10",
		"afadil/wealthfolio docs/test-data/schwab_with_header_row.csv and schwab_no_title_row.csv, commit b66a7151, read 2026-10",
		"vroonhof/opensteuerauszug src/opensteuerauszug/importers/schwab/formats.md (positions CSV, 2025 header), commit 9b94c751, read 2026-10",
		"four years of history: https://mystocks.z5525.com/help/faq-en (a converter's FAQ: 'Schwab only provides the most recent four years of transaction data'), read 2026-12-05; schwab.com searched the same day (search tool): no Schwab help page on the export was found, so menus and the four years stay UNVERIFIED on schwab.com",
	},
}

var ibkrHelp = guide{
	text: `In Interactive Brokers' Client Portal: Performance & Reports → Statements → Activity → Run (the default Activity statement) → Period: Daily, Monthly, Annual or Custom Date Range → Format: CSV → Run, and save the file. (In the older Account Management: Reports → Activity → Statements.)

Daily statements are available for the current and the previous calendar year, monthly statements for the two prior years, annual ones for three.

Latchkey reads trades, open positions, dividends, withholding tax, interest, fees, deposits and withdrawals, and the ending cash per currency. This is the statement file; the live connection to IBKR is the separate "Interactive Brokers (Flex)" integration.`,
	sources: []string{
		"https://www.interactivebrokers.ca/en/software/am/am/reports/viewingactivitystatements.htm (Reports → Activity → Statements; Period; formats HTML, PDF, CSV), read 2026-10",
		"https://www.interactivebrokers.co.in/en/software/advisors/topics/activitystatements.htm (format CSV, Run Statement), read 2026-10",
		"https://www.interactivebrokers.com/en/software/ptgstl/topics/activitystatements.htm (Reports > Activity > Statements; daily, monthly and yearly statements), read 2026-12-05",
		"archive policy (daily: previous and current calendar year; monthly: two prior years; annual: three prior years): IBKR EmployeeTrack activity statement page, read 2026-10",
		"section layout: KonishchevDmitry/investments src/broker_statement/ib (sections.rs and a real Deposits & Withdrawals excerpt), commit 27f13498, read 2026-10",
	},
}

var questradeHelp = guide{
	text: `On questrade.com, in your account: Reports → Account activity → choose the accounts and the longest date range offered → Export to Excel. Questrade gives an Excel workbook (Activities_for_….xlsx): open it and save it as CSV (UTF-8), then import the CSV.

Latchkey reads every activity of every account in the file: trades, dividends, reinvestments, contributions and deposits, withdrawals, transfers, fees, interest and non-resident tax, each under its Account #.`,
	sources: []string{
		"redstreet/beancount_reds_importers importers/questrade/__init__.py ('Questrade Brokerage XLSX', file pattern 'Activities.*', header 'Transaction Date', '%Y-%m-%d %I:%M:%S %p'), commit a7a0bcb8, read 2026-10",
		"header: public importers' Questrade fixtures (find_string 'Net Amount,Currency,Account #,Activity Type'), read 2026-10",
		"menu path NOT confirmed on questrade.com's help (searched 2026-12-05: help.questrade.com pages on Portfolio IQ and IQ Edge were found, none on the activity export)",
	},
}

var wealthsimpleHelp = guide{
	text: `On my.wealthsimple.com (a computer's browser):

Activities: Activity → the download button (Download activities, CSV), over the longest period offered. One file for all your accounts.

Holdings: your profile menu → Documents → Generate document (Request documents) → Holdings report → CSV, for today and all accounts.

Monthly statements (one account a month, CSV) are under Documents too; import them only for months the activities file does not cover, or the same activity is counted twice. Wealthsimple Cash is a bank account, not read here.`,
	sources: []string{
		"a public finance app's design notes for Wealthsimple's three files (headers of the holdings report, activities export and monthly statement; 'profile menu → Documents → Generate document → Holdings report (CSV)'; 'Activity page → Download activities'), read 2026-10",
		"activities header and 'As of … GMT-04:00' footer: public importers' fixtures (find_string 'activity_type,activity_sub_type,direction'), read 2026-10",
		"menu path NOT confirmed on help.wealthsimple.com (searched 2026-12-05: only wealthsimple.com legal pages and a help article on rebalancing were found)",
	},
}

var trading212Help = guide{
	text: `In Trading 212 (app or web): History → the export (download) icon → choose what to include (orders, dividends, interest, transactions) and the period → Export CSV. If a long period is refused, export it a year at a time.

Latchkey reads buys, sells, dividends (net of withholding tax, the tax in the description), interest, deposits, withdrawals, splits and transfers, with the order ID Trading 212 gives each.`,
	sources: []string{
		"dickwolff/Export-To-Ghostfolio README ('History > Download icon … period') and samples/trading212-export.csv, commit 9e35bd60, read 2026-10",
		"https://docs.trading212.com/api/historical-events/requestreport (the same CSV report: dividends, interest, orders, transactions, timeFrom/timeTo), read 2026-10",
		"one-year limit NOT confirmed on Trading 212's help (searched 2026-12-05: no helpcentre.trading212.com page was found; the API page above is Trading 212's own)",
	},
}

var degiroHelp = guide{
	text: `In DEGIRO's web trader (the files are in your account's language; all are read):

Transactions: Inbox → Transactions → choose the period → Export → CSV. Your trades with quantity, price, fees, AutoFX cost and total.

Account statement: Inbox → Account statement (Account overview) → choose the period → Export → CSV. Dividends, dividend tax, deposits, withdrawals, interest and fees. Lines that belong to a trade are left out (the Transactions file has them), so import both files.

Portfolio: Portfolio → the export icon → CSV. Your holdings and cash today; the file has no date, so it is dated the day you import it.

The annual report is a PDF only.`,
	sources: []string{
		"https://www.degiro.fi/helpdesk/tax/what-kind-reports-are-there-and-where-can-i-find-them (Transactions, Account statement: Inbox, CSV/Excel/PDF; Portfolio export; annual report PDF), as cited by a public importer's research notes, read 2026-10",
		"dickwolff/Export-To-Ghostfolio README ('Inbox > Account Overview … period … download') and samples/degiro-export.csv, commit 9e35bd60, read 2026-10",
		"jose-pleonasm/Halir docs/degiro/transactions-versions.md (both transactions layouts, the Order ID shift), commit d8cd9884, read 2026-10",
		"degiro.fi's page itself was not found by the search tool on 2026-12-05 (only a third-party guide to the account.csv descriptions): the menus stay as cited",
		"vroonhof/opensteuerauszug tests/samples/import/degiro/fr/Account.csv and Portfolio.csv, commit 9b94c751, read 2026-10",
	},
}

// PDFAdvice is what the import says of a PDF statement of the institution:
// latchkey does not read PDFs (statement.ErrPDF), and which download to
// use instead.
func PDFAdvice(institution string) string {
	if institution == WebullCA {
		return "This is a PDF (Webull Canada's monthly statement, trade confirmation or tax slip), which latchkey does not read. " +
			"Import the Orders Records CSV instead: in the Webull app, Order Center → Order History → download (export) → choose the dates → Export."
	}
	return "This is a PDF statement, which latchkey does not read. Import the institution's CSV or OFX/QFX download instead: the help above says where it is."
}
