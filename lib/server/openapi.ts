import 'server-only';

/** The public API as OpenAPI 3.1: the account lookup and the call centre's dialer API. */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Kvartplata API',
    version: '1.0.0',
    description:
      'Public account lookup, and the dialer API the call centre uses to read the call list. Amounts are integer kopecks (1 UAH = 100 kopecks). Times are ISO 8601 UTC.',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: {
      dialerKey: {
        type: 'http',
        scheme: 'bearer',
        description: 'A dialer API key issued by an administrator. Only its SHA-256 is stored.',
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: { type: 'string' },
          message: { type: 'string' },
          reason: { type: 'string' },
        },
      },
      AccountSummary: {
        type: 'object',
        required: [
          'accountNumber',
          'address',
          'holder',
          'currency',
          'amountDue',
          'overdue',
          'overdueMonths',
          'onCallList',
        ],
        properties: {
          accountNumber: { type: 'string', pattern: '^[0-9]+$' },
          address: { type: 'string', description: 'Street and building only, never the flat.' },
          holder: { type: 'string', description: "The holder's initials only." },
          currency: { const: 'UAH' },
          amountDue: { type: 'integer', description: 'Kopecks owed now (due or not yet due).' },
          overdue: { type: 'integer', description: 'Kopecks past their due date.' },
          overdueMonths: {
            type: 'integer',
            description: 'Full months the oldest unsettled overdue accrual has been overdue.',
          },
          onCallList: {
            type: 'boolean',
            description:
              "Whether the utility's dialer calls this account now. Paying the overdue amount takes it off at once.",
          },
        },
      },
      CallListEntry: {
        type: 'object',
        required: ['accountNumber', 'phone', 'overdue', 'overdueMonths', 'since'],
        properties: {
          accountNumber: { type: 'string' },
          phone: { type: 'string', description: 'E.164' },
          overdue: { type: 'integer' },
          overdueMonths: { type: 'integer' },
          since: {
            type: 'string',
            format: 'date-time',
            description: 'When the account was put on the list.',
          },
        },
      },
      CallListChange: {
        type: 'object',
        required: [
          'cursor',
          'accountNumber',
          'action',
          'reason',
          'phone',
          'overdue',
          'overdueMonths',
          'at',
        ],
        properties: {
          cursor: { type: 'string', description: 'Position of this change in the feed.' },
          accountNumber: { type: 'string' },
          action: { enum: ['ADDED', 'REMOVED'] },
          reason: {
            enum: [
              'OVERDUE',
              'PAID',
              'BELOW_THRESHOLD',
              'SMS_OPT_IN',
              'DISPUTE_OPEN',
              'NO_PHONE',
              'DO_NOT_CALL',
              'ACCOUNT_CLOSED',
              'PAYMENT_PLAN',
            ],
          },
          phone: { type: 'string' },
          overdue: { type: 'integer' },
          overdueMonths: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
    responses: {
      Unauthorized: {
        description: 'No key, a wrong key, or a revoked key.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  },
  paths: {
    '/api/v1/accounts/{accountNumber}': {
      get: {
        summary: 'Look an account up by its personal account number (masked)',
        parameters: [
          {
            name: 'accountNumber',
            in: 'path',
            required: true,
            schema: { type: 'string' },
            description:
              'Digits; spaces and dashes are ignored. The last digit is a Luhn check digit.',
          },
        ],
        responses: {
          200: {
            description: 'Found',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/AccountSummary' } },
            },
          },
          400: {
            description:
              'Malformed number: reason is EMPTY, NOT_DIGITS, WRONG_LENGTH or BAD_CHECK_DIGIT.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          404: {
            description: 'No such account.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
    '/api/v1/call-list': {
      get: {
        summary: 'The whole call list, as one consistent snapshot (streamed)',
        description:
          'JSON by default; CSV with `Accept: text/csv` (header row accountNumber,phone,overdue,overdueMonths,since). The cursor (also in the X-Call-List-Cursor header) is the changes-feed position this snapshot includes: poll /api/v1/call-list/changes?after=<cursor> from there.',
        security: [{ dialerKey: [] }],
        responses: {
          200: {
            description: 'The list',
            headers: { 'X-Call-List-Cursor': { schema: { type: 'string' } } },
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['cursor', 'entries'],
                  properties: {
                    cursor: { type: 'string' },
                    entries: {
                      type: 'array',
                      items: { $ref: '#/components/schemas/CallListEntry' },
                    },
                  },
                },
              },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          401: { $ref: '#/components/responses/Unauthorized' },
        },
      },
    },
    '/api/v1/call-list/changes': {
      get: {
        summary: 'Add/remove events after a cursor, oldest first',
        description:
          'A removal is visible here as soon as the payment that caused it has committed (before the payment webhook is acknowledged). Event cursors are handed out in commit order, so polling with the last cursor never skips an event.',
        security: [{ dialerKey: [] }],
        parameters: [
          {
            name: 'after',
            in: 'query',
            schema: { type: 'string', pattern: '^[0-9]{1,18}$' },
            description: 'Cursor from a previous answer; omit for the beginning.',
          },
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 },
          },
        ],
        responses: {
          200: {
            description:
              'Changes, and the cursor to poll from next (unchanged when there are none).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['changes', 'cursor'],
                  properties: {
                    changes: {
                      type: 'array',
                      items: { $ref: '#/components/schemas/CallListChange' },
                    },
                    cursor: { type: 'string' },
                  },
                },
              },
            },
          },
          400: {
            description: 'Bad cursor or limit.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          401: { $ref: '#/components/responses/Unauthorized' },
        },
      },
    },
  },
} as const;
