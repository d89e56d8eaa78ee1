// Puts a parent's children into the wanted order with few DOM moves: walk the wanted list and move
// only the elements that are not already where the walk expects them (one move for a row that
// jumped up; rows that kept their place are never touched). The parent must hold no other
// children than `wanted` (remove the stale ones first).
export function placeInOrder(parent: HTMLElement, wanted: readonly HTMLElement[]): number {
  let moves = 0;
  let cursor: ChildNode | null = parent.firstChild;
  for (const e of wanted) {
    if (cursor === e) {
      cursor = cursor.nextSibling;
      continue;
    }
    parent.insertBefore(e, cursor);
    moves++;
  }
  return moves;
}
