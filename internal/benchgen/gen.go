// Package benchgen writes large synthetic statement files for the benchmarks
// (and the benchcmd that measures peak memory). The shapes are plain: an
// OFX 1.02 investment statement (from an example institution, or signed as
// Fidelity's for the app's import), a generic activity CSV, and Fidelity's
// history CSV for its preset.
package benchgen

import (
	"bytes"
	"fmt"
	"strings"
)

// OFXSource is whom an OFX statement of OFXFrom is from: the signon's
// institution, the account, the one security traded, and the line ending.
type OFXSource struct {
	Org, FID, BrokerID, AcctID string
	CUSIP, Name, Ticker        string
	EOL                        string // "\n", or "\r\n" as Windows-made files end lines
}

// OFX returns an OFX 1.02 (SGML) investment statement of about size bytes:
// buys, sells and dividends in turn, one position, a balance, a SECLIST.
func OFX(size int) []byte {
	return OFXFrom(size, OFXSource{Org: "Example", FID: "1", BrokerID: "example.com", AcctID: "123456789",
		CUSIP: "000000001", Name: "Example Corp", Ticker: "EXM", EOL: "\n"})
}

// FidelityOFX is OFX as fidelity.com signs it (ORG, FID and BROKERID), with
// CRLF line ends, so that a Fidelity connection imports it.
func FidelityOFX(size int) []byte {
	return OFXFrom(size, OFXSource{Org: "fidelity.com", FID: "7776", BrokerID: "fidelity.com", AcctID: "X11111111",
		CUSIP: "922908769", Name: "VANGUARD TOTAL STOCK MARKET ETF", Ticker: "VTI", EOL: "\r\n"})
}

// OFXFrom is OFX's statement from src.
func OFXFrom(size int, src OFXSource) []byte {
	var b bytes.Buffer
	b.Grow(size + 1024)
	nl := src.EOL
	b.WriteString(strings.ReplaceAll("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n", "\n", nl))
	fmt.Fprintf(&b, "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240131120000<LANGUAGE>ENG<FI><ORG>%s<FID>%s</FI></SONRS></SIGNONMSGSRSV1>%s", src.Org, src.FID, nl)
	fmt.Fprintf(&b, "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><INVSTMTRS><DTASOF>20240131<CURDEF>USD<INVACCTFROM><BROKERID>%s<ACCTID>%s</INVACCTFROM>%s<INVTRANLIST><DTSTART>20200101<DTEND>20240131%s", src.BrokerID, src.AcctID, nl, nl)
	tail := fmt.Sprintf("</INVTRANLIST><INVPOSLIST><POSSTOCK><INVPOS><SECID><UNIQUEID>%[1]s<UNIQUEIDTYPE>CUSIP</SECID><HELDINACCT>CASH<POSTYPE>LONG<UNITS>100<UNITPRICE>10.5<MKTVAL>1050<DTPRICEASOF>20240131</INVPOS></POSSTOCK></INVPOSLIST><INVBAL><AVAILCASH>100<MARGINBALANCE>0<SHORTBALANCE>0</INVBAL></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1>%[4]s<SECLISTMSGSRSV1><SECLIST><STOCKINFO><SECINFO><SECID><UNIQUEID>%[1]s<UNIQUEIDTYPE>CUSIP</SECID><SECNAME>%[2]s<TICKER>%[3]s</SECINFO></STOCKINFO></SECLIST></SECLISTMSGSRSV1></OFX>%[4]s",
		src.CUSIP, src.Name, src.Ticker, nl)
	for i := 0; b.Len() < size-len(tail); i++ {
		d := fmt.Sprintf("2023%02d%02d", i%12+1, i%28+1)
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "<BUYSTOCK><INVBUY><INVTRAN><FITID>T%d<DTTRADE>%s<MEMO>Buy %d</INVTRAN><SECID><UNIQUEID>%s<UNIQUEIDTYPE>CUSIP</SECID><UNITS>%d<UNITPRICE>10.25<COMMISSION>1.00<TOTAL>-%d.25<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INVBUY><BUYTYPE>BUY</BUYSTOCK>%s", i, d, i, src.CUSIP, i%50+1, (i%50+1)*10, nl)
		case 1:
			fmt.Fprintf(&b, "<SELLSTOCK><INVSELL><INVTRAN><FITID>T%d<DTTRADE>%s</INVTRAN><SECID><UNIQUEID>%s<UNIQUEIDTYPE>CUSIP</SECID><UNITS>-%d<UNITPRICE>11.5<COMMISSION>1.00<TOTAL>%d.50<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INVSELL><SELLTYPE>SELL</SELLSTOCK>%s", i, d, src.CUSIP, i%50+1, (i%50+1)*11, nl)
		default:
			fmt.Fprintf(&b, "<INCOME><INVTRAN><FITID>T%d<DTTRADE>%s</INVTRAN><SECID><UNIQUEID>%s<UNIQUEIDTYPE>CUSIP</SECID><INCOMETYPE>DIV<TOTAL>%d.17<SUBACCTSEC>CASH<SUBACCTFUND>CASH</INCOME>%s", i, d, src.CUSIP, i%90+1, nl)
		}
	}
	b.WriteString(tail)
	return b.Bytes()
}

// CSVHeader is the header of the CSV that CSV writes.
const CSVHeader = "Trade Date,Settlement Date,Action,Symbol,Description,Quantity,Price,Commission,Amount,Currency"

// CSV returns an activity CSV of rows rows (plus a header and a trailing
// total row): buys, sells and dividends, quoted descriptions with commas,
// amounts with thousands separators and negatives in parentheses.
func CSV(rows int) []byte {
	var b bytes.Buffer
	b.Grow(rows * 110)
	b.WriteString(CSVHeader + "\n")
	syms := []string{"AAPL", "MSFT", "VTI", "XEQT", "SHOP"}
	for i := 0; i < rows; i++ {
		d := fmt.Sprintf("%02d/%02d/2023", i%12+1, i%28+1)
		s := syms[i%len(syms)]
		q := i%500 + 1
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "%s,%s,Buy,%s,\"%s, Inc. buy %d\",%d,12.5,1.00,\"(%s)\",USD\n", d, d, s, s, i, q, thousands(q*125/10+1))
		case 1:
			fmt.Fprintf(&b, "%s,%s,Sell,%s,\"%s, Inc. sell %d\",-%d,13.25,1.00,\"%s\",USD\n", d, d, s, s, i, q, thousands(q*1325/100-1))
		default:
			fmt.Fprintf(&b, "%s,,Dividend,%s,Dividend %d,,,,%d.17,USD\n", d, s, i, i%90+1)
		}
	}
	b.WriteString("Total,,,,,,,,,\n")
	return b.Bytes()
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s + ".00"
}

// FidelityHistory returns a Fidelity "Accounts_History.csv" (the
// fidelity-history preset's 2025 layout: blank lines before the header, a
// download note after the rows) of rows activity rows over two accounts:
// buys, sells, dividends and reinvestments in turn.
func FidelityHistory(rows int) []byte {
	var b bytes.Buffer
	b.Grow(rows * 200)
	b.WriteString("\r\n\r\nRun Date,Account,Account Number,Action,Symbol,Description,Type,Exchange Quantity,Exchange Currency,Currency,Price,Quantity,Exchange Rate,Commission,Fees,Accrued Interest,Amount,Settlement Date\r\n")
	syms := []string{"VTI", "VOO", "DGRO", "TSM", "AAPL"}
	for i := 0; i < rows; i++ {
		day := 1 + (i/50)%28
		month := 1 + (i/1400)%12
		d := fmt.Sprintf("%02d/%02d/%d", month, day, 2026-i/16800)
		acct := []string{"X11111111", "Z22222222"}[i%2]
		s := syms[i%len(syms)]
		q := i%40 + 1
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "%s,\"Brokerage\",\"%s\",\"YOU BOUGHT %s ETF (%s) (Cash)\",%s,\"%s ETF\",Cash,0,,USD,101.25,%d,0,,,,-%d.00,%s\r\n", d, acct, s, s, s, s, q, q*101+q/4, d)
		case 1:
			fmt.Fprintf(&b, "%s,\"Brokerage\",\"%s\",\"YOU SOLD %s ETF (%s) (Cash)\",%s,\"%s ETF\",Cash,0,,USD,102.50,-%d,0,,0.02,,%d.48,%s\r\n", d, acct, s, s, s, s, q, q*102+q/2, d)
		case 2:
			fmt.Fprintf(&b, "%s,\"Brokerage\",\"%s\",\"DIVIDEND RECEIVED %s ETF (%s) (Cash)\",%s,\"%s ETF\",Cash,0,,USD,,0.000,0,,,,%d.40,\r\n", d, acct, s, s, s, s, i%90+1)
		default:
			fmt.Fprintf(&b, "%s,\"Brokerage\",\"%s\",\"REINVESTMENT %s ETF (%s) (Cash)\",%s,\"%s ETF\",Cash,0,,USD,560.20,0.145,0,,,,-%d.40,\r\n", d, acct, s, s, s, s, i%90+1)
		}
	}
	b.WriteString("\r\n\r\n\"Date downloaded 10/31/2026 3:00 pm\"\r\n")
	return b.Bytes()
}
