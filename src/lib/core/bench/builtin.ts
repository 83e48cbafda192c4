/**
 * The built-in problem set of /bench: twenty small Python problems written for this app (none
 * is taken from HumanEval or MBPP), each with examples the model may see, hidden tests that
 * grade it, and a reference solution. `builtin.test.ts` checks every one with the schema and
 * runs every reference on its examples and hidden tests in the Python sandbox.
 *
 * They are sized for a small model: one function, a few lines, an edge case or two that a
 * first attempt tends to miss (which is where self-debugging and test-driven techniques differ).
 */
import type { Problem, TestCase } from '../problems/problem';

const t = (input: string, expected: string): TestCase => ({ input, expected });

/** One problem in a line: the signature and docstring are the prompt. */
function problem(
  id: string,
  title: string,
  entryPoint: string,
  signature: string,
  doc: string,
  visible: TestCase[],
  hidden: TestCase[],
  reference: string
): Problem {
  const docstring = doc
    .trim()
    .split('\n')
    .map((line) => (line ? `    ${line}` : ''))
    .join('\n');
  return {
    id: `bench-${id}`,
    language: 'python',
    title,
    entryPoint,
    prompt: `${signature}\n    """${docstring.trimStart()}\n    """\n`,
    visibleTests: visible,
    hiddenTests: hidden,
    reference: reference.trim() + '\n'
  };
}

export const BUILTIN_PROBLEMS: readonly Problem[] = [
  problem(
    'clamp-list',
    'Clamp every number',
    'clamp_all',
    'def clamp_all(values: list[float], low: float, high: float) -> list[float]:',
    'Return the values with each one moved into [low, high]: below low becomes low, above\nhigh becomes high. If low > high, swap them first.',
    [t('[1, 5, 10], 2, 8', '[2, 5, 8]'), t('[], 0, 1', '[]')],
    [
      t('[-3, 0, 3], -1, 1', '[-1, 0, 1]'),
      t('[1, 5, 10], 8, 2', '[2, 5, 8]'),
      t('[4.5], 4.5, 4.5', '[4.5]'),
      t('[7, 7], 0, 10', '[7, 7]')
    ],
    `
def clamp_all(values: list[float], low: float, high: float) -> list[float]:
    if low > high:
        low, high = high, low
    return [min(max(v, low), high) for v in values]`
  ),
  problem(
    'run-length',
    'Run-length encoding',
    'run_length',
    'def run_length(text: str) -> str:',
    'Encode runs of the same character as the character followed by the run\'s length,\ne.g. "aaab" -> "a3b1". An empty string gives "".',
    [t("'aaab'", "'a3b1'"), t("''", "''")],
    [
      t("'abc'", "'a1b1c1'"),
      t("'zzzzzzzzzzzz'", "'z12'"),
      t("'aabbaa'", "'a2b2a2'"),
      t("'  x'", "' 2x1'")
    ],
    `
def run_length(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and text[j] == text[i]:
            j += 1
        out.append(f"{text[i]}{j - i}")
        i = j
    return "".join(out)`
  ),
  problem(
    'second-largest',
    'Second largest distinct',
    'second_largest',
    'def second_largest(numbers: list[int]) -> int | None:',
    'Return the second largest distinct value, or None if there are fewer than two distinct\nvalues.',
    [t('[3, 1, 2]', '2'), t('[5]', 'None')],
    [
      t('[4, 4, 4]', 'None'),
      t('[1, 9, 9, 8]', '8'),
      t('[-1, -2]', '-2'),
      t('[]', 'None'),
      t('[10, 20, 20, 10]', '10')
    ],
    `
def second_largest(numbers: list[int]) -> int | None:
    distinct = sorted(set(numbers), reverse=True)
    return distinct[1] if len(distinct) > 1 else None`
  ),
  problem(
    'title-case',
    'Title case with small words',
    'title_case',
    'def title_case(text: str) -> str:',
    'Capitalise the first letter of every word and lower-case the rest, except the small\nwords "a", "an", "the", "of", "and" which stay lower-case unless they are the first word.\nWords are separated by single spaces.',
    [t("'the lord of the rings'", "'The Lord of the Rings'"), t("'HELLO'", "'Hello'")],
    [
      t("'a tale of two cities'", "'A Tale of Two Cities'"),
      t("'war AND peace'", "'War and Peace'"),
      t("''", "''"),
      t("'an apple'", "'An Apple'")
    ],
    `
def title_case(text: str) -> str:
    small = {"a", "an", "the", "of", "and"}
    words = text.split(" ") if text else []
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        out.append(lower if i > 0 and lower in small else lower[:1].upper() + lower[1:])
    return " ".join(out)`
  ),
  problem(
    'balanced',
    'Balanced brackets',
    'balanced',
    'def balanced(text: str) -> bool:',
    'Whether every (, [ and { in the text is closed by the matching bracket in the right\norder. Other characters are ignored.',
    [t("'(a[b]{c})'", 'True'), t("'(]'", 'False')],
    [
      t("''", 'True'),
      t("'((('", 'False'),
      t("'())('", 'False'),
      t("'{[()()]}'", 'True'),
      t("']'", 'False')
    ],
    `
def balanced(text: str) -> bool:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack`
  ),
  problem(
    'merge-intervals',
    'Merge intervals',
    'merge_intervals',
    'def merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:',
    'Merge overlapping or touching intervals (start, end) with start <= end, and return them\nsorted by start. (1, 3) and (3, 5) touch and merge into (1, 5).',
    [t('[(1, 3), (2, 6), (8, 10)]', '[(1, 6), (8, 10)]'), t('[]', '[]')],
    [
      t('[(1, 3), (3, 5)]', '[(1, 5)]'),
      t('[(5, 6), (1, 2)]', '[(1, 2), (5, 6)]'),
      t('[(1, 10), (2, 3)]', '[(1, 10)]'),
      t('[(4, 4)]', '[(4, 4)]')
    ],
    `
def merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged`
  ),
  problem(
    'digit-root',
    'Digital root',
    'digital_root',
    'def digital_root(n: int) -> int:',
    'Repeatedly sum the decimal digits of n (n >= 0) until one digit is left, and return it.',
    [t('38', '2'), t('0', '0')],
    [t('9', '9'), t('10', '1'), t('999999999999', '9'), t('123456', '3')],
    `
def digital_root(n: int) -> int:
    while n >= 10:
        n = sum(int(d) for d in str(n))
    return n`
  ),
  problem(
    'word-count',
    'Most frequent word',
    'most_frequent',
    'def most_frequent(text: str) -> str:',
    'The word that occurs most often, ignoring case; words are runs of letters. On a tie,\nthe word that occurs first. Return it in lower case, or "" if there are no words.',
    [t("'the cat and the hat'", "'the'"), t("'...'", "''")],
    [
      t("'B a b A'", "'b'"),
      t("'one two'", "'one'"),
      t("'x-ray x ray'", "'x'"),
      t("'Hello, hello! HELLO?'", "'hello'")
    ],
    `
import re

def most_frequent(text: str) -> str:
    words = re.findall(r"[a-zA-Z]+", text.lower())
    if not words:
        return ""
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    best = max(counts.values())
    return next(w for w in words if counts[w] == best)`
  ),
  problem(
    'rotate',
    'Rotate a list',
    'rotate',
    'def rotate(items: list, k: int) -> list:',
    'Rotate the list k places to the right (k may be negative: to the left, and larger than\nthe list). Return a new list.',
    [t('[1, 2, 3, 4], 1', '[4, 1, 2, 3]'), t('[], 3', '[]')],
    [
      t('[1, 2, 3], -1', '[2, 3, 1]'),
      t('[1, 2, 3], 7', '[3, 1, 2]'),
      t('[1], 100', '[1]'),
      t("['a', 'b'], 2", "['a', 'b']")
    ],
    `
def rotate(items: list, k: int) -> list:
    if not items:
        return []
    k %= len(items)
    return items[-k:] + items[:-k] if k else list(items)`
  ),
  problem(
    'roman',
    'Roman numerals',
    'to_roman',
    'def to_roman(n: int) -> str:',
    'Write n (1 <= n <= 3999) in Roman numerals, with the subtractive forms IV, IX, XL, XC,\nCD and CM.',
    [t('4', "'IV'"), t('1994', "'MCMXCIV'")],
    [t('1', "'I'"), t('3999', "'MMMCMXCIX'"), t('40', "'XL'"), t('2024', "'MMXXIV'")],
    `
def to_roman(n: int) -> str:
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, letters in table:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)`
  ),
  problem(
    'flatten',
    'Flatten nested lists',
    'flatten',
    'def flatten(items: list) -> list:',
    'Flatten lists nested to any depth into one list, keeping the order. Only lists are\nflattened: strings and tuples stay whole.',
    [t('[1, [2, [3, [4]]]]', '[1, 2, 3, 4]'), t('[]', '[]')],
    [
      t('[[], [[]]]', '[]'),
      t("['ab', ['c']]", "['ab', 'c']"),
      t('[(1, 2), [3]]', '[(1, 2), 3]'),
      t('[[1, 2], 3, [[4], 5]]', '[1, 2, 3, 4, 5]')
    ],
    `
def flatten(items: list) -> list:
    out = []
    for item in items:
        if isinstance(item, list):
            out.extend(flatten(item))
        else:
            out.append(item)
    return out`
  ),
  problem(
    'anagrams',
    'Group anagrams',
    'group_anagrams',
    'def group_anagrams(words: list[str]) -> list[list[str]]:',
    "Group the words that are anagrams of each other. Each group keeps the words in their\ninput order; groups are ordered by their first word's position in the input.",
    [t("['eat', 'tea', 'tan', 'ate', 'nat']", "[['eat', 'tea', 'ate'], ['tan', 'nat']]")],
    [
      t('[]', '[]'),
      t("['a']", "[['a']]"),
      t("['ab', 'ba', 'ab']", "[['ab', 'ba', 'ab']]"),
      t("['x', 'y', 'x']", "[['x', 'x'], ['y']]")
    ],
    `
def group_anagrams(words: list[str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault("".join(sorted(w)), []).append(w)
    return list(groups.values())`
  ),
  problem(
    'prime-factors',
    'Prime factors',
    'prime_factors',
    'def prime_factors(n: int) -> list[int]:',
    'The prime factors of n (n >= 1) in increasing order, with repeats; 1 has none.',
    [t('12', '[2, 2, 3]'), t('1', '[]')],
    [t('13', '[13]'), t('360', '[2, 2, 2, 3, 3, 5]'), t('97 * 89', '[89, 97]'), t('2', '[2]')],
    `
def prime_factors(n: int) -> list[int]:
    out = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            out.append(d)
            n //= d
        d += 1
    if n > 1:
        out.append(n)
    return out`
  ),
  problem(
    'caesar',
    'Caesar shift',
    'caesar',
    'def caesar(text: str, shift: int) -> str:',
    'Shift every letter shift places along the alphabet, wrapping around and keeping its\ncase; other characters stay. shift may be negative or larger than 26.',
    [t("'abc', 1", "'bcd'"), t("'Hi!', 0", "'Hi!'")],
    [
      t("'xyz', 3", "'abc'"),
      t("'ABC', -1", "'ZAB'"),
      t("'Hello, World', 52", "'Hello, World'"),
      t("'a-b', 27", "'b-c'")
    ],
    `
def caesar(text: str, shift: int) -> str:
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + shift) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + shift) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)`
  ),
  problem(
    'median',
    'Median',
    'median',
    'def median(values: list[float]) -> float | None:',
    'The median of the values: the middle one when sorted, or the mean of the two middle ones\nfor an even count. None for an empty list.',
    [t('[3, 1, 2]', '2'), t('[]', 'None')],
    [t('[4, 1, 3, 2]', '2.5'), t('[5]', '5'), t('[1, 1, 1, 10]', '1.0'), t('[-2, -1]', '-1.5')],
    `
def median(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2`
  ),
  problem(
    'snake-case',
    'camelCase to snake_case',
    'snake_case',
    'def snake_case(name: str) -> str:',
    'Turn a camelCase or PascalCase name into snake_case. A run of capitals is one word\n("parseHTTPResponse" -> "parse_http_response"); digits stay with the word before them.',
    [t("'helloWorld'", "'hello_world'"), t("'parseHTTPResponse'", "'parse_http_response'")],
    [
      t("'Simple'", "'simple'"),
      t("'already_snake'", "'already_snake'"),
      t("'getX'", "'get_x'"),
      t("'version2Update'", "'version2_update'"),
      t("'HTTPServer'", "'http_server'")
    ],
    `
import re

def snake_case(name: str) -> str:
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\\1_\\2", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\\1_\\2", name)
    return name.lower()`
  ),
  problem(
    'pascal-row',
    "Pascal's triangle row",
    'pascal_row',
    'def pascal_row(n: int) -> list[int]:',
    "Row n of Pascal's triangle, counting from row 0 = [1].",
    [t('0', '[1]'), t('3', '[1, 3, 3, 1]')],
    [
      t('1', '[1, 1]'),
      t('5', '[1, 5, 10, 10, 5, 1]'),
      t(
        '20',
        '[1, 20, 190, 1140, 4845, 15504, 38760, 77520, 125970, 167960, 184756, 167960, 125970, 77520, 38760, 15504, 4845, 1140, 190, 20, 1]'
      )
    ],
    `
def pascal_row(n: int) -> list[int]:
    row = [1]
    for _ in range(n):
        row = [a + b for a, b in zip([0] + row, row + [0])]
    return row`
  ),
  problem(
    'chunk',
    'Chunks of a list',
    'chunks',
    'def chunks(items: list, size: int) -> list[list]:',
    'Split the list into consecutive chunks of the given size (size >= 1); the last chunk may\nbe shorter.',
    [t('[1, 2, 3, 4, 5], 2', '[[1, 2], [3, 4], [5]]'), t('[], 3', '[]')],
    [
      t('[1, 2, 3], 3', '[[1, 2, 3]]'),
      t('[1, 2], 5', '[[1, 2]]'),
      t("['a', 'b', 'c'], 1", "[['a'], ['b'], ['c']]")
    ],
    `
def chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]`
  ),
  problem(
    'isbn',
    'Valid ISBN-10',
    'valid_isbn10',
    'def valid_isbn10(code: str) -> bool:',
    'Whether code is a valid ISBN-10: ten characters after removing hyphens, nine digits and a\nlast character that is a digit or X (worth 10), with sum of (10 - i) * digit_i divisible\nby 11 (i counting from 0).',
    [t("'3-598-21508-8'", 'True'), t("'3-598-21508-9'", 'False')],
    [
      t("'3-598-21507-X'", 'True'),
      t("'359821507X'", 'True'),
      t("'3-598-2X507-9'", 'False'),
      t("'3598215088000'", 'False'),
      t("''", 'False')
    ],
    `
def valid_isbn10(code: str) -> bool:
    chars = code.replace("-", "")
    if len(chars) != 10 or not chars[:9].isdigit():
        return False
    if not (chars[9].isdigit() or chars[9] == "X"):
        return False
    values = [int(c) for c in chars[:9]] + [10 if chars[9] == "X" else int(chars[9])]
    return sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0`
  ),
  problem(
    'longest-run',
    'Longest increasing run',
    'longest_run',
    'def longest_run(values: list[int]) -> int:',
    'The length of the longest run of consecutive elements that strictly increase, e.g.\n[1, 2, 2, 3, 4] has runs [1, 2] and [2, 3, 4], so 3. An empty list gives 0.',
    [t('[1, 2, 2, 3, 4]', '3'), t('[]', '0')],
    [t('[5, 4, 3]', '1'), t('[1, 2, 3, 4]', '4'), t('[7]', '1'), t('[1, 3, 2, 4, 6, 8, 0]', '4')],
    `
def longest_run(values: list[int]) -> int:
    best = run = 0
    for i, v in enumerate(values):
        run = run + 1 if i and v > values[i - 1] else 1
        best = max(best, run)
    return best`
  )
];
