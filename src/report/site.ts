// An allocation site as the tables show it: tracemalloc's "file:line" with the
// file cut to its last two path parts (requests/models.py:1021); JSON keeps it whole.
export function siteText(site: string): string {
  return site.split(/[\\/]/).slice(-2).join('/');
}
