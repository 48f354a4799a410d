"""A probe's answers: the inputs go to its stdin as JSON lines, one answer
comes back per line, as JSON."""
import json
import subprocess


def probe_answers(test, probe, inputs):
    done = subprocess.run([probe], input="".join(json.dumps(i) + "\n" for i in inputs),
                          capture_output=True, text=True, timeout=300)
    test.assertEqual(done.returncode, 0, done.stderr)
    # (Lines end at "\n" only: an answer may hold U+2028 or U+0085, which
    # splitlines() would also break at.)
    answers = [json.loads(line) for line in done.stdout.split("\n")[:-1]]
    test.assertEqual(len(answers), len(inputs))
    return answers
