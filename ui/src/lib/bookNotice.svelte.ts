// What the last of the book's actions said ("Backed up to …", "Restored from … is kept at …").
// It lives outside the page: a restore draws the page afresh (everything on it was the replaced
// book's), and so may another program's write. A backup's answer stays beside its button; a
// restore's is shown at the top of the page drawn afresh (`atTop`), where the user now is. Either
// stays until the user starts another action, closes it or goes to another page.
export const bookNotice = $state<{ message: string | null; atTop: boolean }>({ message: null, atTop: false });

export function clearBookNotice() {
  bookNotice.message = null;
  bookNotice.atTop = false;
}
