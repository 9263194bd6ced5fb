package wealthsimple

// GraphQL operations of the web app (operation names and fields as
// gboudreau/ws-api-python sends them; only the fields Latchkey reads are
// selected).
const (
	opAccounts   = "FetchAllAccountFinancials"
	opBalances   = "FetchAccountsWithBalance"
	opPositions  = "FetchIdentityPositions"
	opActivities = "FetchActivityFeedItems"
)

const queryAccounts = `query FetchAllAccountFinancials($identityId: ID!, $pageSize: Int = 25, $cursor: String) {
  identity(id: $identityId) {
    id
    accounts(filter: {}, first: $pageSize, after: $cursor) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          status
          currency
          nickname
          type
          unifiedAccountType
          custodianAccounts { id branch status }
        }
      }
    }
  }
}`

const queryBalances = `query FetchAccountsWithBalance($ids: [String!]!, $type: BalanceType!) {
  accounts(ids: $ids) {
    id
    custodianAccounts {
      id
      financials {
        ... on CustodianAccountFinancialsSo {
          balance(type: $type) { quantity securityId }
        }
      }
    }
  }
}`

const queryPositions = `query FetchIdentityPositions($identityId: ID!, $currency: Currency!, $first: Int, $cursor: String, $accountIds: [ID!]) {
  identity(id: $identityId) {
    id
    financials(filter: {accounts: $accountIds}) {
      current(currency: $currency) {
        id
        positions(first: $first, after: $cursor) {
          edges {
            node {
              id
              quantity
              positionDirection
              bookValue { amount currency }
              averagePrice { amount currency }
              totalValue { amount currency }
              security {
                id
                currency
                securityType
                stock { name symbol primaryExchange }
                quoteV2(currency: null) { price currency }
              }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
}`

const queryActivities = `query FetchActivityFeedItems($first: Int, $cursor: Cursor, $condition: ActivityCondition, $orderBy: [ActivitiesOrderBy!] = OCCURRED_AT_DESC) {
  activityFeedItems(first: $first, after: $cursor, condition: $condition, orderBy: $orderBy) {
    edges {
      node {
        accountId
        amount
        amountSign
        assetQuantity
        assetSymbol
        canonicalId
        currency
        occurredAt
        securityId
        status
        subType
        type
        fees
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`
