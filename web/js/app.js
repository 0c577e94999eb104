// Wiring: the core, the API client and the widgets; runs a search whenever the search part
// of the state changes and loads the document when /doc/{id} is open.
import { Core, facetLimit, filterParams, urlFromState } from './state.js';
import { Api, STALE, isUserError, queryTooLong } from './api.js';
import { mountSearchBox } from './widgets/search_box.js';
import { mountStatus } from './widgets/status.js';
import { mountSort } from './widgets/sort.js';
import { mountFacetList } from './widgets/facet_list.js';
import { mountDateHistogram } from './widgets/date_histogram.js';
import { mountChips } from './widgets/chips.js';
import { mountResults } from './widgets/results.js';
import { mountPagination } from './widgets/pagination.js';
import { mountDocumentView } from './widgets/document_view.js';
import { mountChrome } from './widgets/chrome.js';
import { mountHelp } from './widgets/help.js';
import { mountExportMenu } from './widgets/export_menu.js';
import { mountTimelineChart } from './widgets/timeline_chart.js';
import { mountCooccurrenceMap } from './widgets/cooccurrence_map.js';

export const PAGE_SIZE = 10;

/** The /api/search parameters of a state. */
export function searchParams(state) {
  const p = filterParams(state);
  if (state.typing) p.set('typing', 'true');
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  if (state.page > 1) p.set('page', String(state.page));
  p.set('size', String(PAGE_SIZE));
  p.set('facet_size', String(Math.max(facetLimit(state, 'speaker'), facetLimit(state, 'country'))));
  return p;
}

const byId = (id) => document.getElementById(id);

function main() {
  // The page puts the list back where it was itself (see the document view): the browser's
  // own restoring runs before the list is shown again and lands short of the old place.
  window.history.scrollRestoration = 'manual';
  const core = new Core(window);
  const api = new Api();
  core.services.api = api;

  mountChrome(document, core);
  mountHelp(document, core);
  mountSearchBox(byId('search-form'), core);
  mountStatus(byId('status'), byId('status-time'), byId('notice'), core);
  mountSort(byId('sort'), core);
  mountExportMenu(byId('export-bar'), core);
  mountTimelineChart(byId('timeline'), core);
  mountCooccurrenceMap(byId('cooccurrence'), core);
  mountFacetList(byId('facet-speaker'), core, { facet: 'speaker', title: 'Speaker', noun: 'speaker' });
  mountFacetList(byId('facet-country'), core, { facet: 'country', title: 'Country', noun: 'country' });
  mountDateHistogram(byId('facet-date'), core);
  mountChips(byId('chips'), core);
  mountResults(byId('results'), core);
  mountPagination(byId('pagination'), core);
  mountDocumentView(byId('document'), core);

  let limits = null;  // from /api/health
  let lastSearch = null;
  const runSearch = async (state) => {
    const params = searchParams(state);
    lastSearch = params.toString();
    core.emit('search:start', { state });
    // Refused here rather than by the server: its request line would not hold the query.
    const tooLong = queryTooLong(state.q, limits?.max_query_bytes);
    if (tooLong) { core.emit('search:error', { state, error: tooLong }); return; }
    try {
      const response = await api.search(params);
      if (response !== STALE) core.emit('search:done', { state, response });
    } catch (error) {
      core.emit('search:error', { state, error });
    }
  };

  let lastDoc = null;
  const loadDocument = async (id) => {
    lastDoc = id;
    if (!id) return;
    core.emit('doc:start', { id });
    try {
      // With the query, the server says where it matches (stemmed forms included).
      let doc;
      try {
        doc = await api.document(id, core.state.q);
      } catch (error) {
        // A query the server refuses still lets the article be read, unmarked.
        if (!core.state.q || !isUserError(error)) throw error;
        doc = await api.document(id);
      }
      if (doc !== STALE) core.emit('doc:done', { id, doc });
    } catch (error) {
      core.emit('doc:error', { id, error });
    }
  };

  core.on('state', ({ state }) => {
    if (searchParams(state).toString() !== lastSearch) runSearch(state);
    if (state.doc !== lastDoc) loadDocument(state.doc);
  });
  core.on('retry', () => { lastSearch = null; lastDoc = null; core.emit('state', { state: core.state, prev: core.state, cause: 'retry' }); });

  api.health().then((health) => { limits = health.limits ?? null; core.emit('health', health); }, () => {});
  core.start();
  // Keep the canonical URL (e.g. a shared link with stray parameters) without a new history step.
  window.history.replaceState(window.history.state, '', urlFromState(core.state));
}

main();
