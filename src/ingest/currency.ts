/**
 * Money: which currency each deal's amount is in, and how amounts in several currencies are made
 * comparable (never mixed). Ingest reads a deal's currency from its currency column
 * (`CurrencyIsoCode`, "Deal - Currency", "Currency", `deal_currency_code`…, see
 * vendor-layouts.ts), else from a code or symbol in the amount cell ("€12,500", "USD 900").
 * After every file is read, `applyCurrency` decides the analysis currency:
 * - one currency (or none named): amounts are used as they are;
 * - config `currency.rates` (with `currency.base`): amounts are converted to the base currency;
 *   a currency without a rate is excluded;
 * - several currencies and no rates: the analysis keeps `currency.base` when given, else the main
 *   currency (most won amount), and sets the others' amounts aside.
 * An amount set aside becomes null on the deal, with `excludedCurrency` saying why, so no metric
 * can add it to another currency; metrics count such deals per currency in their evidence.
 */
import type { CurrencySummary, Deal } from '../core/model.js';

/** Config `currency:` (docs/config.md). */
export interface CurrencySettings {
  /** The currency amounts are analysed in (ISO code). */
  base?: string;
  /** ISO code → value of one unit in `base` (EUR: 1.08 = 1 EUR is 1.08 USD). */
  rates?: Record<string, number>;
}

/** A deal's currency when other deals name one and it does not. */
export const UNSPECIFIED = 'unspecified';

/**
 * The currency of an amount the CRM converted to the company's currency (HubSpot "Amount in
 * company currency", Salesforce "Amount (converted)"): the export does not say which it is;
 * config `currency.base` names it.
 */
export const HOME_CURRENCY = 'company currency';

/**
 * Symbols and names → ISO 4217 codes, as data. A bare `$` is read as USD (the usual meaning in
 * CRM exports; a currency column, a `CA$`-style prefix or a code in the cell says otherwise).
 */
export const CURRENCY_SYMBOLS: Record<string, string> = {
  '$': 'USD', 'US$': 'USD', 'USD$': 'USD', 'CA$': 'CAD', 'C$': 'CAD', 'CAD$': 'CAD', 'A$': 'AUD', 'AU$': 'AUD', 'NZ$': 'NZD',
  'HK$': 'HKD', 'S$': 'SGD', 'R$': 'BRL', 'MX$': 'MXN', '€': 'EUR', '£': 'GBP', '¥': 'JPY', 'JP¥': 'JPY', 'CN¥': 'CNY', 'RMB': 'CNY',
  '₹': 'INR', '₩': 'KRW', '₽': 'RUB', '₺': 'TRY', '₪': 'ILS', '฿': 'THB', '₫': 'VND', '₱': 'PHP', 'ZŁ': 'PLN', 'KČ': 'CZK', 'CHF': 'CHF', 'FR.': 'CHF',
  'US DOLLAR': 'USD', 'US DOLLARS': 'USD', 'EURO': 'EUR', 'EUROS': 'EUR', 'BRITISH POUND': 'GBP', 'POUND STERLING': 'GBP', 'POUNDS STERLING': 'GBP',
  'CANADIAN DOLLAR': 'CAD', 'AUSTRALIAN DOLLAR': 'AUD', 'SWISS FRANC': 'CHF', 'JAPANESE YEN': 'JPY', 'INDIAN RUPEE': 'INR',
};

/** A currency cell ("EUR", "eur", "€", "Euro", "USD - US Dollar") → its code; other text is kept upper-cased (never guessed). */
export function currencyCode(value: string | null | undefined): string | null {
  const v = value?.trim().toUpperCase().replace(/\s+/g, ' ');
  if (!v) return null;
  if (/^[A-Z]{3}$/.test(v)) return v;
  const known = CURRENCY_SYMBOLS[v];
  if (known) return known;
  // "USD - US Dollar", "EUR (Euro)": a code first.
  const lead = /^([A-Z]{3})\b[\s\-–(:]/.exec(v);
  return lead ? lead[1]! : v;
}

/** ISO 4217 codes in use: three letters in an amount cell count as a currency only when they are one. */
export const ISO_CURRENCIES: ReadonlySet<string> = new Set(
  ('AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY ' +
    'COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR ' +
    'IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR ' +
    'MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD ' +
    'SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF ' +
    'XPF YER ZAR ZMW ZWL').split(' '),
);

const SYMBOL_PATTERN = Object.keys(CURRENCY_SYMBOLS)
  .filter((s) => !/^[A-Z ]+$/.test(s) || s.length <= 3)
  .sort((a, b) => b.length - a.length)
  .map((s) => s.replace(/[.$]/g, '\\$&'))
  .join('|');
const AMOUNT_PREFIX = new RegExp(`^[-+(]?\\s*(${SYMBOL_PATTERN}|[A-Z]{3})\\s*[-+(]?\\s*[\\d.,]`, 'i');
const AMOUNT_SUFFIX = new RegExp(`[\\d.,kKmM]\\s*(${SYMBOL_PATTERN}|[A-Z]{3})\\s*\\)?$`, 'i');

/** The currency written in an amount cell ("€12,500", "USD 900", "12.500,00 €"), or null. */
export function currencyInAmount(cell: string | null | undefined): string | null {
  if (!cell) return null;
  const v = cell.trim();
  const m = AMOUNT_PREFIX.exec(v) ?? AMOUNT_SUFFIX.exec(v);
  if (!m) return null;
  const token = m[1]!.toUpperCase();
  // "12.5k", "1.2M" are multipliers, and "TBD 500" a note, not currencies.
  return CURRENCY_SYMBOLS[token] ?? (ISO_CURRENCIES.has(token) ? token : null);
}

/** Round money to cents, so conversion does not add float noise to reports. */
function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Decide the analysis currency for `deals` and apply it in place (convert, or set aside amounts
 * in other currencies). Returns what was done, for the report and inspect; null when no deal
 * names a currency and the config gives none (amounts are taken to be in one currency).
 */
export function applyCurrency(deals: Deal[], settings: CurrencySettings = {}): CurrencySummary | null {
  // Amounts the CRM converted are in the company currency, which config currency.base names.
  if (settings.base !== undefined) for (const d of deals) if (d.currency === HOME_CURRENCY) d.currency = settings.base;
  const stats = new Map<string, { deals: number; wonDeals: number; wonAmount: number }>();
  for (const d of deals) {
    const code = d.currency ?? UNSPECIFIED;
    let s = stats.get(code);
    if (!s) stats.set(code, (s = { deals: 0, wonDeals: 0, wonAmount: 0 }));
    s.deals++;
    if (d.stage === 'won') {
      s.wonDeals++;
      if (d.amount !== null && d.amount > 0) s.wonAmount += d.amount;
    }
  }
  const named = [...stats.keys()].filter((c) => c !== UNSPECIFIED);
  if (named.length === 0 && settings.base === undefined) return null;
  const base = settings.base;
  const rates = settings.rates;
  // With at most one named currency, deals that name none are taken to be in it (a HubSpot
  // blank currency is the company currency); with several, they are a currency of their own.
  const single = named.length <= 1;
  const only = named[0] ?? base ?? null;
  const currencyOf = (d: Deal): string => d.currency ?? (single && only !== null ? only : UNSPECIFIED);

  let analysis: string | null;
  let mode: CurrencySummary['mode'];
  let basis: string;
  if (rates && base) {
    analysis = base;
    mode = single && only === base ? 'single' : 'converted';
    basis = `config currency.base, other currencies converted with currency.rates`;
  } else if (single) {
    analysis = only;
    mode = 'single';
    basis = only === HOME_CURRENCY
      ? 'amounts converted to the company currency by the CRM (its amount-in-company-currency column; config currency.base names it)'
      : named.length === 1 ? 'the only currency named' : 'config currency.base (no deal names a currency)';
  } else if (base) {
    analysis = base;
    mode = 'base';
    basis = 'config currency.base; amounts in other currencies excluded (give currency.rates to convert them)';
  } else {
    const main = named.slice().sort((a, b) => stats.get(b)!.wonAmount - stats.get(a)!.wonAmount || stats.get(b)!.deals - stats.get(a)!.deals || a.localeCompare(b))[0]!;
    analysis = main;
    mode = 'main';
    basis = 'the main currency (most won amount); amounts in other currencies excluded (give currency.rates and currency.base to convert them)';
  }

  const excluded: Record<string, number> = {};
  const converted: Record<string, number> = {};
  for (const d of deals) {
    const code = currencyOf(d);
    if (code === analysis) continue;
    const rate = rates?.[code];
    if (mode === 'converted' && rate !== undefined) {
      if (d.amount !== null) d.amount = cents(d.amount * rate);
      converted[code] = (converted[code] ?? 0) + 1;
    } else if (d.amount !== null) {
      // A deal without an amount has nothing to set aside: it stays a deal without an amount.
      excluded[code] = (excluded[code] ?? 0) + 1;
      d.excludedCurrency = code;
      d.amount = null;
    }
  }
  const byCurrency = [...stats.entries()]
    .map(([currency, s]) => {
      const code = currency === UNSPECIFIED && single && only !== null ? only : currency;
      const use: 'analysed' | 'converted' | 'excluded' = code === analysis ? 'analysed' : converted[code] ? 'converted' : 'excluded';
      return { currency, deals: s.deals, wonDeals: s.wonDeals, wonAmount: cents(s.wonAmount), rate: use === 'converted' ? rates![code]! : null, use };
    })
    .sort((a, b) => b.wonAmount - a.wonAmount || b.deals - a.deals || a.currency.localeCompare(b.currency));
  return { analysisCurrency: analysis, mode, basis, byCurrency, excluded };
}

/** Deals among `deals` whose amount was set aside for its currency, per currency (empty when none). */
export function currencyExclusions(deals: Iterable<Deal>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of deals) if (d.excludedCurrency) out[d.excludedCurrency] = (out[d.excludedCurrency] ?? 0) + 1;
  return out;
}

/** One line on what was done with several currencies (report warning, inspect). */
export function currencyMessage(c: CurrencySummary): string {
  const count = (n: number): string => `${n} deal${n === 1 ? '' : 's'}`;
  const converted = c.byCurrency.filter((x) => x.use === 'converted').map((x) => `${x.currency} ×${x.rate} (${count(x.deals)})`);
  const excluded = Object.entries(c.excluded).map(([code, n]) => `${code} ${count(n)}`);
  return [
    `amounts analysed in ${c.analysisCurrency ?? 'one unnamed currency'}: ${c.basis}`,
    converted.length ? `converted: ${converted.join(', ')}` : '',
    excluded.length ? `amounts excluded from amount-based checks: ${excluded.join(', ')}` : '',
  ].filter(Boolean).join('; ');
}
