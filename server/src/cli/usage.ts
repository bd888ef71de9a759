/** What `arena --help` prints (on stderr, so that stdout stays data only). */
export const USAGE = `Usage: npm run --silent arena -- <command> [options]

Commands:
  rate FILE              print the leaderboard of a battle file as one JSON document
      --ci sandwich|bootstrap   95% intervals: sandwich (robust, default) or bootstrap
      --rounds N                bootstrap rounds (default 100)
      --seed S                  bootstrap seed (default 42)
      --language CODE           only battles in this language (ISO 639-1, or und)
      --exclude-ties            leave out tie and both-bad votes
      --min-battles N           models with fewer battles are provisional (default 10)
      --style-control           rate with answer length and markdown held equal (FastChat's
                                style control); needs conv_metadata, its CSV columns, or
                                conversation_a/b in every battle
  agreement FILE...      MT-bench's agreement between two judge groups on the same question,
                         model pair and turn, over the votes of all FILEs (e.g. people's and a
                         judge's), as one JSON document; every vote needs question_id, turn, judge
      --judges A B              the two groups: a judge is in group G when its id is G or
                                starts with G_ (expert = expert_0, expert_1, ...); A = B pairs
                                every two different votes of that group
      --turn N                  only votes on turn N (default: every turn, also listed per turn)
  judge                  an LLM judge compares a pack's models pair by pair on every question and
                         turn, both orders (MT-bench's pairwise prompt), and writes judge battles
                         (JSONL) that rate, import-battles and agreement read
      --pack DIR                an MT-bench style folder (question.jsonl, model_answer/)
      --judge ID                the judge: one of --config's judges, or named here with
      --config FILE             a models file with judges (default ARENA_CONFIG)
      --base-url URL --model NAME [--api-key-env VAR]   a judge without a models file
      --pairs all|N             every pair (default), or the first N of a connected design
      --output FILE             append the battles here (default stdout)
      --resume                  carry on with --output FILE: skip what it holds
      --concurrency N           requests at a time (default the judge's maxConcurrent)
      --retries N               more attempts of a failed request (default 2)
      --cooldown SECONDS        rest after 3 failures in a row (default 60); 9 stop the run
  import-battles FILE    add the battles of a file to the database (DATABASE_URL, else ARENA_DB);
                         re-importing adds nothing
  export-battles         write every voted battle in FastChat's battle format
      --format json|jsonl|csv   json: FastChat's clean_battle array; default jsonl
      --output FILE             default stdout
  migrate-to-postgres    copy voted battles and session standings from SQLite to PostgreSQL;
                         re-running copies only what is new (open battles without a vote stay behind)
      --from FILE               the SQLite file (default ARENA_DB, ./data/arena.db)
      --to URL                  postgres:// URL (default DATABASE_URL)

Battle files: CSV with a header holding model_a, model_b and winner (model_a, model_b, tie,
both_bad or "tie (bothbad)"), optional language, tstamp, judge, category, battle_id / id;
or FastChat's clean_battle JSON array, or JSONL, with the same fields and conversation_a/b.
A malformed file or option prints one line naming the line or option and exits with code 2.
`;
