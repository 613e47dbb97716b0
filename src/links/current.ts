import { parseLink, type ParsedLink } from './link';

let parsed: ParsedLink | null = null;

/** The link the page was opened with, parsed once (stores read their starting config from it). */
export function openingLink(): ParsedLink {
  parsed ??= typeof location === 'undefined' ? parseLink('', '') : parseLink(location.search, location.hash);
  return parsed;
}
