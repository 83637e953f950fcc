import 'server-only';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PrismaClient, Tx } from '../../server/db';
import { type AccountNumberScheme, parseAccountNumber } from '../accounts/account-number';
import { AppError } from '../app-error';

/** How the console reads a query: `auto` guesses from its shape (see `searchAccounts`). */
export type SearchKind = 'auto' | 'number' | 'address' | 'name' | 'phone';

/** The kind a search actually ran as (never `auto`). */
export type UsedSearchKind = Exclude<SearchKind, 'auto'>;

/** Why a query was refused (`INVALID_INPUT` with `field: 'query'`). */
export type SearchQueryProblem =
  | 'EMPTY'
  /** A name, or an address's street, needs at least MIN_TEXT_QUERY characters. */
  | 'TOO_SHORT'
  /** Longer than MAX_QUERY_LENGTH. */
  | 'TOO_LONG'
  /** `number` was asked for, but the query has no digits. */
  | 'NOT_AN_ACCOUNT_NUMBER'
  /** `phone` was asked for, but the query is not a possible phone number. */
  | 'NOT_A_PHONE'
  /** `address` was asked for, but the query names no street. */
  | 'NO_STREET';

export type AccountSearchRow = {
  accountId: number;
  number: string;
  street: string;
  houseNumber: string;
  apartment: string;
  holderName: string;
  /** The amount due (positive = owes), the account's cached ledger balance. */
  balanceKopecks: number;
  onCallList: boolean;
  /** When the current stay on the call list began (null when off the list). */
  callListSince: Date | null;
};

export type AccountSearchResult = {
  kind: UsedSearchKind;
  rows: AccountSearchRow[];
  /** True when a further page exists. */
  hasMore: boolean;
};

export const MAX_QUERY_LENGTH = 200;
/** Names and street fragments shorter than this are refused (they match too much). */
export const MIN_TEXT_QUERY = 3;
/** Pages are numbered from 1; OFFSET pagination stays cheap up to here. */
export const MAX_SEARCH_PAGE = 50;
export const MAX_SEARCH_PAGE_SIZE = 100;
/** Words of a name query matched separately (any order); further words join the last one. */
const MAX_NAME_WORDS = 4;
/** A name search ranks candidates for this many pages at least (see searchByName)... */
const RANKED_PAGES = 10;
/** ... read from at most this many times as many matches. */
const SCAN_FACTOR = 4;

type Row = {
  account_id: number;
  number: string;
  street: string;
  house_number: string;
  apartment: string;
  holder_name: string;
  balance_kopecks: number;
  call_list_since: Date | null;
};

type Page = { limit: number; offset: number };

function invalid(problem: SearchQueryProblem, message: string): AppError<'INVALID_INPUT'> {
  return new AppError('INVALID_INPUT', message, { field: 'query', problem });
}

/** Escapes LIKE's metacharacters so that `%`, `_` and `\` in a query match themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toRow(row: Row): AccountSearchRow {
  return {
    accountId: row.account_id,
    number: row.number,
    street: row.street,
    houseNumber: row.house_number,
    apartment: row.apartment,
    holderName: row.holder_name,
    balanceKopecks: row.balance_kopecks,
    onCallList: row.call_list_since !== null,
    callListSince: row.call_list_since,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the query

/** Separators people type inside numbers: spaces, dashes, dots, parentheses, a leading plus. */
const NUMBER_SEPARATORS = /[\s\-.()+\u2010-\u2015]/g;

/** A phone number in any format, as E.164 (Ukrainian when no country code); null if impossible. */
function phoneE164(input: string, strict: boolean): string | null {
  if (input.length > 40) return null;
  // The old long-distance prefix: "8 050 123 45 67" is 050 123 45 67.
  const oldTrunk = /^8(0\d{9})$/.exec(input.replace(NUMBER_SEPARATORS, ''));
  const parsed = parsePhoneNumberFromString(oldTrunk?.[1] ?? input, 'UA');
  if (!parsed || parsed.ext !== undefined) return null;
  return (strict ? parsed.isValid() : parsed.isPossible()) ? parsed.number : null;
}

export type ParsedAddress = { street: string; house: string | null; apartment: string | null };

/** Words naming the kind of street (Ukrainian and Russian), dropped from the fragment. */
const STREET_TYPE_WORDS = new Set([
  'вул',
  'вулиця',
  'ул',
  'улица',
  'просп',
  'проспект',
  'пр',
  'пр-т',
  'пр-кт',
  'пров',
  'провулок',
  'пер',
  'переулок',
  'пл',
  'площа',
  'площадь',
  'бул',
  'бульв',
  'бульвар',
  'б-р',
  'наб',
  'набережна',
  'набережная',
  'шосе',
  'узвіз',
  'в\u2019їзд',
]);
const HOUSE_WORDS = new Set(['д', 'дом', 'буд', 'будинок']);
const FLAT_WORDS = new Set(['кв', 'квартира']);
const BLOCK_WORDS = new Set(['корп', 'корпус', 'к']);

/**
 * Splits an address as staff type it ("вул. Сумська, 10, кв. 5", "Сумська 10 5", "Сумская 10",
 * "Героїв Праці 12А кв 7", "Сумська 10 корп. 2") into the street fragment, the house number and
 * the flat. Words naming the kind of street, house or flat are dropped. The fragment is not
 * folded here: the database folds it (kvp_fold), the one home of that rule.
 */
export function parseAddressQuery(query: string): ParsedAddress {
  const tokens = query
    .replace(/[,;]/g, ' ')
    .replace(/\.(?=\S)/g, '. ')
    .split(/\s+/)
    .filter((token) => token !== '');
  const street: string[] = [];
  let house: string | null = null;
  let apartment: string | null = null;
  let next: 'house' | 'flat' | 'block' | null = null;
  for (const token of tokens) {
    const word = token.toLowerCase().replace(/\.$/, '');
    const glued = /^(кв|квартира)\.?(\d\S*)$/u.exec(word);
    if (glued?.[2] && house !== null && apartment === null) {
      apartment = glued[2];
      continue;
    }
    if (STREET_TYPE_WORDS.has(word) && house === null) continue;
    if (HOUSE_WORDS.has(word) && house === null) {
      next = 'house';
      continue;
    }
    if (FLAT_WORDS.has(word)) {
      next = 'flat';
      continue;
    }
    if (BLOCK_WORDS.has(word) && house !== null && apartment === null) {
      next = 'block';
      continue;
    }
    const numeric = /^\d/.test(token);
    if (numeric && (street.length > 0 || next !== null)) {
      if (next === 'block' && house !== null) house = `${house} корп. ${token}`;
      else if (next === 'flat' || (house !== null && apartment === null)) apartment = token;
      else if (house === null) house = token;
      next = null;
      continue;
    }
    if (house === null) {
      // Part of the street's name (including a leading number, as in "23 Серпня").
      street.push(token);
    } else if (apartment === null && /^\p{L}$/u.test(token)) {
      house = `${house}${token}`; // "12 А"
    }
    next = null;
  }
  return { street: street.join(' '), house, apartment };
}

// ---------------------------------------------------------------------------------------------
// The queries

/**
 * By account number and/or phone (exact): the account whose number is `number`, and every
 * account with `e164` on file or as its SMS number. The number's account comes first.
 */
async function searchByNumberOrPhone(
  db: PrismaClient | Tx,
  options: { number: string | null; e164: string | null } & Page,
): Promise<Row[]> {
  const { number, e164 } = options;
  return db.$queryRaw<Row[]>`
    SELECT a.id AS account_id, a.number, b.street, b.house_number, a.apartment, a.holder_name,
           a.balance_kopecks, e.added_at AS call_list_since
      FROM account a
      JOIN building b ON b.id = a.building_id
      LEFT JOIN call_list_entry e ON e.account_id = a.id AND e.removed_at IS NULL
     WHERE a.id IN (SELECT n.id FROM account n WHERE n.number = ${number}::text
                    UNION SELECT p.account_id FROM phone p WHERE p.e164 = ${e164}::text
                    UNION SELECT s.id FROM account s WHERE s.sms_phone_e164 = ${e164}::text)
     ORDER BY coalesce(a.number = ${number}::text, false) DESC, a.id
     LIMIT ${options.limit} OFFSET ${options.offset}`;
}

/**
 * By the holder's name: every word of the query somewhere in the folded name (any case,
 * Ukrainian or Russian spelling, any order). Names that start with the query come first, then
 * the earlier the first word occurs the better (a surname before a patronymic), then
 * alphabetically by the folded name.
 *
 * Ranking a popular fragment exactly would read every match: "Кова" matches 58,000 of 600,000
 * names (240 ms). So a page ranks at most `cap` candidates, enough for RANKED_PAGES pages (or
 * for the page asked, if deeper), read from at most SCAN_FACTOR × cap matches: first those that
 * start with the query, and only if there are fewer than `cap` of them, the first `cap` matches
 * as well. Up to `cap` matches the ranking is exact. Beyond, the pages list names that start
 * with the query when there are enough, ranked among the first ones found (table order); the
 * first RANKED_PAGES pages rank the same candidates, so they neither repeat nor skip rows, while
 * a deeper page of such a search ranks more and may (refine the query instead).
 */
async function searchByName(
  db: PrismaClient | Tx,
  options: { words: string[] } & Page,
): Promise<Row[]> {
  const words = options.words.slice(0, MAX_NAME_WORDS - 1);
  const rest = options.words.slice(MAX_NAME_WORDS - 1).join(' ');
  if (rest !== '') words.push(rest);
  const [w1 = '', w2 = null, w3 = null, w4 = null] = words.map(escapeLike);
  const first = options.words[0] ?? '';
  const phrase = options.words.join(' ');
  const pageSize = Math.max(1, options.limit - 1);
  const cap = Math.max(RANKED_PAGES, Math.floor(options.offset / pageSize) + 1) * pageSize + 1;
  const scan = SCAN_FACTOR * cap;
  return db.$queryRaw<Row[]>`
    WITH matches AS MATERIALIZED (
           SELECT a.id, a.holder_name_folded AS folded FROM account a
            WHERE a.holder_name_folded LIKE '%' || kvp_fold(${w1}::text) || '%'
              AND (${w2}::text IS NULL
                   OR a.holder_name_folded LIKE '%' || kvp_fold(${w2}::text) || '%')
              AND (${w3}::text IS NULL
                   OR a.holder_name_folded LIKE '%' || kvp_fold(${w3}::text) || '%')
              AND (${w4}::text IS NULL
                   OR a.holder_name_folded LIKE '%' || kvp_fold(${w4}::text) || '%')
            LIMIT ${scan}),
         starting AS MATERIALIZED (
           SELECT m.id, m.folded FROM matches m
            WHERE starts_with(m.folded, kvp_fold(${phrase}::text))
            LIMIT ${cap}),
         hits AS (
           SELECT id, folded FROM starting
           UNION
           SELECT f.id, f.folded FROM (SELECT id, folded FROM matches LIMIT ${cap}) f
            WHERE (SELECT count(*) FROM starting) < ${cap}),
         ranked AS (
           SELECT h.id, h.folded, NOT starts_with(h.folded, kvp_fold(${phrase}::text)) AS later,
                  strpos(h.folded, kvp_fold(${first}::text)) AS position
             FROM hits h
            ORDER BY later, position, h.folded, h.id
            LIMIT ${options.limit} OFFSET ${options.offset})
    SELECT a.id AS account_id, a.number, b.street, b.house_number, a.apartment, a.holder_name,
           a.balance_kopecks, e.added_at AS call_list_since
      FROM ranked r
      JOIN account a ON a.id = r.id
      JOIN building b ON b.id = a.building_id
      LEFT JOIN call_list_entry e ON e.account_id = a.id AND e.removed_at IS NULL
     ORDER BY r.later, r.position, r.folded, r.id`;
}

/**
 * By address: buildings whose folded street contains the fragment, or, when none does, whose
 * street is close to it by trigram word similarity (pg_trgm's `<%`, threshold 0.6): kvp_fold
 * folds the vowels, not the Russian adjective endings, so "Сумская" is found as "вул. Сумська"
 * only this way. Then the house number when given (case, spaces, dots and dashes ignored:
 * "12а" = "12 А"), and the flat when given. Closest street first, then by street, house
 * (numerically) and flat (numerically).
 */
async function searchByAddress(
  db: PrismaClient | Tx,
  options: ParsedAddress & Page,
): Promise<Row[]> {
  const fragment = options.street;
  const pattern = escapeLike(fragment);
  const { house, apartment } = options;
  return db.$queryRaw<Row[]>`
    WITH containing AS MATERIALIZED (
           SELECT b.id, 1::real AS closeness FROM building b
            WHERE b.street_folded LIKE '%' || kvp_fold(${pattern}::text) || '%'),
         streets AS (
           SELECT id, closeness FROM containing
           UNION ALL
           SELECT b.id, word_similarity(kvp_fold(${fragment}::text), b.street_folded)
             FROM building b
            WHERE NOT EXISTS (SELECT 1 FROM containing)
              AND kvp_fold(${fragment}::text) <% b.street_folded)
    SELECT a.id AS account_id, a.number, b.street, b.house_number, a.apartment, a.holder_name,
           a.balance_kopecks, e.added_at AS call_list_since
      FROM streets s
      JOIN building b ON b.id = s.id
      JOIN account a ON a.building_id = b.id
      LEFT JOIN call_list_entry e ON e.account_id = a.id AND e.removed_at IS NULL
     WHERE (${house}::text IS NULL
            OR regexp_replace(lower(b.house_number), '[[:space:].-]', '', 'g')
             = regexp_replace(lower(${house}::text), '[[:space:].-]', '', 'g'))
       AND (${apartment}::text IS NULL OR a.apartment = ${apartment}::text)
     ORDER BY s.closeness DESC, b.street, substring(b.house_number FROM '^[0-9]+')::int NULLS LAST,
              b.house_number, substring(a.apartment FROM '^[0-9]+')::int NULLS LAST, a.apartment,
              a.id
     LIMIT ${options.limit} OFFSET ${options.offset}`;
}

// ---------------------------------------------------------------------------------------------

/** The words of a name query, without the dots and commas around initials ("С. О."). */
function nameWords(query: string): string[] {
  if (query.length < MIN_TEXT_QUERY) {
    throw invalid('TOO_SHORT', `a name search needs at least ${MIN_TEXT_QUERY} characters`);
  }
  const words = query
    .split(/\s+/)
    .map((word) => word.replace(/^[.,;:]+|[.,;:]+$/g, ''))
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  return words.length > 0 ? words : [query];
}

/** No name or street is made of punctuation alone: such a query matches nothing. */
const MATCHES_NOTHING = /^[^\p{L}\p{N}]*$/u;

function addressOf(query: string): ParsedAddress {
  const address = parseAddressQuery(query);
  if (!/\p{L}/u.test(address.street)) {
    throw invalid('NO_STREET', 'an address search needs a street name');
  }
  if (address.street.length < MIN_TEXT_QUERY) {
    throw invalid('TOO_SHORT', `a street needs at least ${MIN_TEXT_QUERY} characters`);
  }
  return address;
}

/**
 * The staff console's account search. `query` is read as `kind` says, or with `auto` by its
 * shape:
 * - only digits (once spaces, dashes, dots, parentheses and a plus are dropped): an account
 *   number when it is a valid one, a phone number when it is a valid one, both at once when both
 *   (the number's account first; `kind` is then `number` if it matched an account, else
 *   `phone`); neither: the digits as an account number;
 * - letters and digits: an address (street, house, flat);
 * - otherwise: a holder's name, and if no name matches, a street.
 *
 * Numbers and phones match exactly (`account.number`; `phone.e164` or `account.sms_phone_e164`,
 * the query normalised to E.164 by libphonenumber, Ukrainian without a country code; landlines
 * too). Names and streets match as fragments of their folded spelling (kvp_fold, in SQL only:
 * any case, Ukrainian or Russian spelling); LIKE's `%` and `_` in the query match themselves.
 * Names that start with the query come first (searchByName has the ranking and its bounds); a
 * street no street contains is looked for by trigram similarity ("Сумская" → "вул. Сумська").
 *
 * Pages are numbered from 1 (at most MAX_SEARCH_PAGE); `hasMore` comes from reading one row
 * more than the page, never from a count. Refusals are INVALID_INPUT with `field: 'query'`
 * (SearchQueryProblem) or `field: 'page'`. Reads only; the caller writes any audit entry.
 */
export async function searchAccounts(
  db: PrismaClient | Tx,
  options: {
    query: string;
    kind: SearchKind;
    page: number;
    pageSize: number;
    scheme: AccountNumberScheme;
  },
): Promise<AccountSearchResult> {
  const { kind, scheme } = options;
  if (!Number.isInteger(options.page) || options.page < 1 || options.page > MAX_SEARCH_PAGE) {
    throw new AppError('INVALID_INPUT', `page must be 1–${MAX_SEARCH_PAGE}`, {
      field: 'page',
      problem: 'OUT_OF_RANGE',
    });
  }
  if (
    !Number.isInteger(options.pageSize) ||
    options.pageSize < 1 ||
    options.pageSize > MAX_SEARCH_PAGE_SIZE
  ) {
    throw new RangeError(`pageSize must be 1–${MAX_SEARCH_PAGE_SIZE}`);
  }
  const query = options.query.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (query === '') throw invalid('EMPTY', 'the search query is empty');
  if (query.length > MAX_QUERY_LENGTH) {
    throw invalid('TOO_LONG', `the search query is longer than ${MAX_QUERY_LENGTH} characters`);
  }
  const page: Page = {
    limit: options.pageSize + 1,
    offset: (options.page - 1) * options.pageSize,
  };
  const result = (used: UsedSearchKind, rows: Row[]): AccountSearchResult => ({
    kind: used,
    rows: rows.slice(0, options.pageSize).map(toRow),
    hasMore: rows.length > options.pageSize,
  });

  const digits = query.replace(NUMBER_SEPARATORS, '');
  switch (kind) {
    case 'number': {
      const number = query.replace(/\D/g, '');
      if (number === '') {
        throw invalid('NOT_AN_ACCOUNT_NUMBER', 'an account number search needs digits');
      }
      return result('number', await searchByNumberOrPhone(db, { number, e164: null, ...page }));
    }
    case 'phone': {
      const e164 = phoneE164(query, false);
      if (!e164) throw invalid('NOT_A_PHONE', 'not a phone number');
      return result('phone', await searchByNumberOrPhone(db, { number: null, e164, ...page }));
    }
    case 'name': {
      const words = nameWords(query);
      if (MATCHES_NOTHING.test(query)) return result('name', []);
      return result('name', await searchByName(db, { words, ...page }));
    }
    case 'address':
      return result('address', await searchByAddress(db, { ...addressOf(query), ...page }));
    case 'auto':
      break;
    default: {
      const unknown: never = kind;
      throw new Error(`unknown search kind ${String(unknown)}`);
    }
  }

  if (/^[0-9]+$/.test(digits)) {
    const parsed = parseAccountNumber(digits, scheme);
    const e164 = phoneE164(query, true);
    const number = parsed.ok ? parsed.accountNumber : e164 ? null : digits;
    const rows = await searchByNumberOrPhone(db, { number, e164, ...page });
    if (!e164) return result('number', rows);
    if (number === null) return result('phone', rows);
    // Both: `number` when an account has that number (its row leads the first page).
    const numbered = await db.account.findUnique({ where: { number }, select: { id: true } });
    return result(numbered ? 'number' : 'phone', rows);
  }
  const hasLetters = /\p{L}/u.test(query);
  if (hasLetters && /\d/.test(query)) {
    return result('address', await searchByAddress(db, { ...addressOf(query), ...page }));
  }
  const words = nameWords(query);
  if (MATCHES_NOTHING.test(query)) return result('name', []);
  const byName = await searchByName(db, { words, ...page });
  if (byName.length > 0) return result('name', byName);
  // Nothing on this page: fall back to streets only when no name matches at all.
  if (options.page > 1 && (await searchByName(db, { words, limit: 1, offset: 0 })).length > 0) {
    return result('name', byName);
  }
  const address = parseAddressQuery(query);
  if (address.street.length < MIN_TEXT_QUERY) return result('name', byName);
  return result('address', await searchByAddress(db, { ...address, ...page }));
}
