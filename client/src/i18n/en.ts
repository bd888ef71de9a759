/**
 * The English interface: the source dictionary. Its type is `Dictionary`, which the French and
 * Chinese ones must match key for key, so a missing translation fails the type check.
 * Entries with parameters are functions (plurals and word order differ between languages).
 */
const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

export const en = {
  header: {
    nav: "Main",
    battle: "Battle",
    leaderboard: "Leaderboard",
    interfaceLanguage: "Language",
  },
  titles: {
    battle: "Battle · Arena",
    leaderboard: "Leaderboard · Arena",
    model: (p: { model: string }) => `${p.model} · Arena`,
    notFound: "Page not found · Arena",
  },
  notFound: {
    heading: "Page not found",
    body: "There is no page at this address: the link may be mistyped, or the model it names is not in this arena.",
    toLeaderboard: "See the leaderboard",
  },
  common: {
    loading: "Loading…",
    goToBattle: "Go to the battle page",
    dismiss: "Dismiss",
    somethingWentWrong: "Something went wrong",
    undetected: "Undetected",
    allLanguages: "All languages",
    allCategories: "All categories",
    allLanguagesScope: "all languages",
    allCategoriesScope: "all categories",
    language: "Language",
    category: "Category",
    votes: (p: { count: number; formatted: string }) => `${p.formatted} ${plural(p.count, "vote", "votes")}`,
  },
  categories: {
    long: "Long prompts",
    multiturn: "Multi-turn",
    coding: "Coding",
    math: "Math",
    writing: "Writing",
    knowledge: "Knowledge",
    reasoning: "Reasoning",
    advice: "Advice",
  },
  connection: {
    connecting: "Connecting…",
    reconnecting: "Reconnecting…",
  },
  refusals: {
    busy: "Those models are busy right now — try again in a moment.",
    rate_limited: "That was a lot of requests in a short time — wait a few seconds, then try again.",
    turn_limit: (p: { max: number }) =>
      `This conversation has reached its limit of ${p.max} turns. Vote on it, or start a new battle.`,
    no_live_models: "This arena has no live models right now, so it cannot answer your own prompts.",
    no_prompts: "This arena has no ready-made prompts. Ask your own question below to start a battle.",
    battle_failed: "One model could not answer, so this battle can't be counted. Start a new battle.",
    not_finished: "Both models need to finish answering before you vote.",
    already_voted: "Your vote on this battle is already in.",
    timeout: "The server did not answer in time. Please try again.",
  },
  battle: {
    heading: "Battle",
    prompt: "Prompt",
    yourPrompt: "Your prompt",
    turnsOf: (p: { count: number; max: number }) => `${p.count} of ${p.max} turns`,
    pickingPrompt: "Picking a prompt…",
    noBattle: "No battle yet.",
    askAnything: "Ask two anonymous models anything",
    askOwn: "Ask your own question",
    promptPlaceholder: "Type a prompt for two anonymous models…",
    send: "Send",
    sending: "Sending…",
    startsNew: "Starts a new battle · ",
    sendShortcuts: "Enter to send · Shift+Enter for a new line · ",
    characters: (p: { count: string; max: string }) => `${p.count} / ${p.max}`,
    followUp: "Follow-up",
    followUpPlaceholder: "Ask both models a follow-up…",
    ask: "Ask",
    turnOf: (p: { turn: number; max: number }) => `Turn ${p.turn} of ${p.max} · `,
    sendWhenFinished: "You can send it once both models have finished · ",
    turnLimit: (p: { count: number }) =>
      `This conversation has reached its limit of ${p.count} turns. Vote on it, or start a new battle.`,
    newBattle: "New battle",
    modelA: "Model A",
    modelB: "Model B",
    hiddenUntilVote: "Hidden until you vote",
    elo: (p: { move: string; delta: string }) => `Elo ${p.move} (${p.delta})`,
    followUpTurn: (p: { turn: number }) => `Follow-up · turn ${p.turn}`,
    waitingFor: (p: { label: string }) => `Waiting for ${p.label}…`,
    couldNotAnswer: (p: { label: string }) => `${p.label} could not answer this time.`,
    stoppedWithError: "It stopped with an error.",
    status: {
      starting: "Starting a battle…",
      noBattle: "No battle is running. Press “New battle” to try again.",
      thanks: (p: { verdict: string; a: string; b: string }) =>
        `Thanks for voting “${p.verdict}”. Model A was ${p.a}, Model B was ${p.b}.`,
      yourVerdict: "your verdict",
      sendingVote: "Sending your vote…",
      failed: "One model could not answer, so this battle can't be counted.",
      voteConversation: "Which side did better over the whole conversation? Vote to reveal the models.",
      vote: "Which answer is better? Vote to reveal the models.",
      answering: "The models are answering…",
    },
  },
  vote: {
    group: "Your vote",
    a: "A is better",
    b: "B is better",
    tie: "Tie",
    bothbad: "Both are bad",
  },
  leaderboard: {
    heading: "Leaderboard",
    lead: "Ratings from blind votes, updated live as people vote.",
    caption: (p: { scope: string }) => `Leaderboard, ${p.scope}`,
    captionSortable: ". Column headers are buttons that sort the table.",
    loading: "Loading the leaderboard…",
    loadingCharts: "Loading the charts…",
    footnote: {
      ratingTerm: "Rating",
      rating:
        "is a Bradley–Terry fit of this table’s votes on the Elo scale (mean 1000; 400 points = 10:1 odds), and “±” its 95% interval.",
      rankTerm: "Rank",
      rank: "is 1 + the number of models whose interval lies wholly above this one’s, so models the votes cannot yet tell apart share a rank.",
      filtered: "▲ and ▼ compare it with the model’s overall rank.",
      eloTerm: "Elo",
      elo: "is the online rating, moved a little by each vote in turn. Models with too few votes in this table are listed apart, unranked. Ties and “both are bad” count as half a win. Click a column to sort by it, a model for its head-to-head record.",
    },
    columns: {
      rank: "Rank",
      model: "Model",
      rating: "Rating",
      elo: "Elo",
      votes: "Votes",
      winRate: "Win rate",
      wlt: "W / L / T",
      wltLabel: "Wins / losses / ties",
    },
    titles: {
      rank: "1 + the models whose interval lies wholly above",
      rankFiltered: "1 + the models whose interval lies wholly above; ▲▼ against the overall rank",
      rankStyled: "1 + the models whose interval lies wholly above; ▲▼ against the rank without style control",
      rating: "Bradley–Terry rating on the Elo scale, with its 95% interval",
      elo: "Online Elo, updated after every vote",
      winRate: "Wins plus half the ties, over all votes",
    },
    provisionalHeading: "Provisional — fewer votes than needed to rank",
    notRanked: "not ranked",
    shared: " (shared)",
    sharesRank: (p: { rank: number; others: number }) =>
      `Shares rank ${p.rank} with ${p.others} other ${plural(p.others, "model", "models")}: their intervals overlap`,
    rankSame: "same rank as overall",
    rankHigher: (p: { places: number }) => `${p.places} ${plural(p.places, "place", "places")} higher than overall`,
    rankLower: (p: { places: number }) => `${p.places} ${plural(p.places, "place", "places")} lower than overall`,
  },
  status: {
    live: "Live",
    offline: "Offline",
    updated: "updated",
  },
  empty: {
    noVotes: "No votes yet",
    howItFills: "Go to the battle page, read two answers, pick the better one — the table fills in as people vote.",
    noVotesIn: (p: { where: string }) => `No votes in ${p.where} yet`,
    fillsFilter: "This table fills in as people vote on battles that match the filter.",
    showAllLanguages: "Show all languages",
    showAllCategories: "Show all categories",
    clearBoth: "Clear both filters",
  },
  charts: {
    heading: "Charts",
    loadingGrid: "Loading the head-to-head grid…",
    ratingTitle: "Rating with 95% interval",
    ratingDescription: "Dot: the rating; bar: its 95% interval. Models whose bars overlap cannot yet be told apart.",
    provisionalNote: " Provisional models, with too few votes, are greyed at the bottom.",
    axis: "Rating (Elo scale)",
    axisWithMean: "Rating (Elo scale; dashed: the mean, 1000)",
    provisional: "Provisional",
    rowProvisional: " (provisional)",
    rowRank: (p: { rank: number }) => `, rank ${p.rank}`,
    rowInterval: (p: { lower: string; upper: string }) => `, 95% interval ${p.lower} to ${p.upper}`,
    summary: (p: {
      ranked: number;
      provisional: number;
      best: string | null;
      highlighted: string | null;
      from: number;
      to: number;
    }) =>
      `Ratings with 95% intervals of ${p.ranked} ranked ${plural(p.ranked, "model", "models")}` +
      (p.provisional > 0 ? ` and ${p.provisional} provisional` : "") +
      (p.best ? `; highest ${p.best}` : "") +
      (p.highlighted ? `; ${p.highlighted}` : "") +
      `. Axis from ${p.from} to ${p.to} rating points. The table has the exact numbers.`,
    modelAt: (p: { model: string; rating: string }) => `${p.model} at ${p.rating}`,
  },
  heatmap: {
    heading: "Head-to-head",
    gridShows: "The grid shows",
    winRate: "Win rate",
    battles: "Battles",
    leadWinRate:
      "How often the row’s model beat the column’s, ties counting half. Point at a cell for the number of votes.",
    leadBattles: "How many votes each pair of models has had. Pairs with few votes have the least certain win rates.",
    fillsIn: "The grid fills in once two models have met.",
    captionWinRate: "Head-to-head win rates in percent, row model against column model",
    captionBattles: "Votes between each pair of models",
    notMet: (p: { row: string; column: string }) => `${p.row} and ${p.column} have not met`,
    cellWinRate: (p: { row: string; column: string; percent: string; votes: string }) =>
      `${p.row} vs ${p.column}: ${p.percent} over ${p.votes}`,
    cellBattles: (p: { row: string; column: string; votes: string }) => `${p.row} vs ${p.column}: ${p.votes}`,
    rowLoses: "Row loses",
    rowWins: "Row wins",
    neverMet: "never met",
    fewerVotes: "Fewer votes",
    moreVotes: "More votes",
  },
  style: {
    switch: "Style control",
    switchHint: "Rates the models as if every answer were equally long and equally formatted.",
    panelHeading: "What style is worth in these votes",
    panelLead:
      "How the odds of winning change for an answer with one standard deviation more of each than its rival’s, everything else equal:",
    features: { length: "Length", headers: "Headers", lists: "List items", bold: "Bold text" },
    raises: (p: { factor: string }) => `raises the odds ×${p.factor}`,
    lowers: (p: { factor: string }) => `lowers the odds ×${p.factor}`,
    neutral: "leaves the odds as they are",
    constant: "never differs between answers here, so it is left out",
    footnote:
      "Under style control the ratings are fitted with the answers’ length (in tokens) and markdown (headers, list items, bold) as covariates, as LMArena does: what remains is what style does not explain. ▲ and ▼ compare each rank with the table without style control. Battles without style counts (such as imported votes without their answers) are left out.",
    rankSame: "same rank as without style control",
    rankHigher: (p: { places: number }) =>
      `${p.places} ${plural(p.places, "place", "places")} higher than without style control`,
    rankLower: (p: { places: number }) =>
      `${p.places} ${plural(p.places, "place", "places")} lower than without style control`,
    modelRating: "Style-controlled rating",
    modelRatingDetail: (p: { rank: string }) => `rank ${p.rank} with length and markdown held equal`,
    modelRatingNone: "no battle with style counts yet",
  },
  judges: {
    filter: "Verdicts of",
    people: "People",
    verdicts: (p: { count: number; formatted: string }) =>
      `${p.formatted} ${plural(p.count, "judged battle", "judged battles")}`,
    notice: (p: { judge: string }) =>
      `This table is rated from the verdicts of the LLM judge ${p.judge} on the battles people voted on — not from people’s votes.`,
    footnote:
      "The judge reads each battle people voted on twice, the answers in either order; when its two verdicts disagree the battle counts as a tie.",
    emptyTitle: (p: { judge: string }) => `No verdict of ${p.judge} here yet`,
    emptyBody:
      "Battles are judged in the background after people vote on them; this table fills in as verdicts arrive.",
    loading: "Loading the judges…",
    panelHeading: (p: { judge: string }) => `${p.judge} against the people`,
    panelLead:
      "How often the judge picks what the person who voted picked, on the same battles. The interval says how sure that figure is.",
    agreementCaption: "Agreement with the people’s votes",
    setup: "Setup",
    agreement: "Agreement",
    onBattles: "On",
    withTies: "With ties",
    withTiesHint: "every battle both judged; a tie (or “both are bad”) agrees only with a tie",
    withoutTies: "Without ties",
    withoutTiesHint: "leaving out every battle where either side said tie",
    agreeOf: (p: { agree: string; total: string; count: number }) =>
      `${p.agree} of ${p.total} ${plural(p.count, "battle", "battles")}`,
    interval: (p: { lower: string; upper: string }) => `95% interval ${p.lower}–${p.upper}`,
    judged: "Judged",
    pending: "Waiting to be judged",
    failed: "Failed (no verdict)",
    humanReference: (p: { withTies: string; withoutTies: string }) =>
      `For scale: MT-bench’s expert voters agreed with each other on ${p.withTies} of battles with ties and ${p.withoutTies} without.`,
    warningsHeading: "Before you trust these figures",
    warnings: {
      noBattles: "No battle has both a person’s vote and a verdict of this judge yet: there is nothing to compare.",
      fewBattles: (p: { total: string; minimum: string }) =>
        `Only ${p.total} battles to compare: below ${p.minimum} the agreement can still move a lot — read its interval.`,
      manyFailures: (p: { failed: string; share: string }) =>
        `${p.failed} judgings (${p.share}) ended without a verdict; if those were the hard battles, the figures flatter the judge.`,
      belowPeople: (p: { upper: string; people: string }) =>
        `Even at best (${p.upper}) the judge agrees with the people less than people agree with each other (${p.people}): do not use it to rank these models.`,
      pending: (p: { pending: string; count: number }) =>
        `${p.pending} ${plural(p.count, "battle is", "battles are")} still waiting to be judged; the figures will move.`,
    },
    pairsHeading: "Where they disagree most",
    pairsLead: "The model pairs with the lowest agreement (with ties). Few battles make a low figure a weak sign.",
    pairsCaption: "Model pairs with the lowest agreement between the judge and the people",
    pair: "Model pair",
    pairsNone: "No model pair has a battle that both judged yet.",
    ranksHeading: "The people’s table beside the judge’s",
    ranksLead:
      "Each model’s rank among the people and for the judge. ↑ and ↓ say how many places the judge puts it higher or lower.",
    ranksCaption: (p: { judge: string }) => `Ranks by the people and by ${p.judge}`,
    model: "Model",
    peopleRank: "People",
    judgeRank: "Judge",
    shift: "Judge vs people",
    notRanked: "not ranked",
    absent: "not in this table",
    shiftSame: "same rank as with the people",
    shiftUp: (p: { places: number }) =>
      `the judge ranks it ${p.places} ${plural(p.places, "place", "places")} higher than the people`,
    shiftDown: (p: { places: number }) =>
      `the judge ranks it ${p.places} ${plural(p.places, "place", "places")} lower than the people`,
    order: (p: { same: string; pairs: string; count: number }) =>
      `The judge orders ${p.same} of ${p.pairs} model ${plural(p.count, "pair", "pairs")} by rating as the people do.`,
    orderNone: "Too few models in both tables to compare their order.",
    largest: (p: { model: string; people: number; judge: number }) =>
      `Moved the most: ${p.model} (rank ${p.people} with the people, ${p.judge} with the judge).`,
    overviewHeading: "LLM judges",
    overviewLead:
      "Each judge gives its own verdict on the battles people voted on. Its verdicts never count in the people’s table; here is how often it agrees with them.",
    overviewCaption: "Agreement of each judge with the people’s votes",
    judge: "Judge",
    showTable: (p: { judge: string }) => `Show the table of ${p.judge}`,
    showPeople: "Show the people’s table",
    versus: "vs",
  },
  model: {
    back: "← Leaderboard",
    lead: (p: { scope: string }) => `Its standing and head-to-head record in ${p.scope}.`,
    loadingRecord: "Loading the head-to-head record…",
    amongOthers: "Among the other models",
    chartDescription: (p: { model: string }) =>
      `Each model’s rating (dot) and 95% interval (bar); ${p.model} is highlighted.`,
    provisionalDetail: "provisional: too few votes to rank",
    rankOf: (p: { count: string }) => `of ${p.count}`,
    interval: (p: { lower: string; upper: string }) => `95% interval ${p.lower} to ${p.upper}`,
    intervalPending: "interval not computed yet",
    eloDetail: "online, from 1000",
    record: (p: { wins: string; losses: string; ties: string }) => `${p.wins} won · ${p.losses} lost · ${p.ties} tied`,
    tiesHalf: "ties count half",
    recordNone: (p: { model: string }) => `${p.model} has not met another model in this table yet.`,
    recordLead: (p: { model: string }) =>
      `${p.model} against each model it met, most votes first. The bar is ${p.model}’s win rate; the line marks 50%.`,
    recordCaption: (p: { model: string }) => `Head-to-head record of ${p.model}`,
    opponent: "Opponent",
    winRateBar: "Win rate, as a bar",
    theirRating: "Their rating",
    notMet: "not met",
    noVotes: (p: { model: string }) => `No votes for ${p.model} yet`,
    noVotesIn: (p: { model: string; scope: string }) => `No votes for ${p.model} in ${p.scope} yet`,
    noVotesFiltered: "The model has no counted vote that matches this filter.",
    noVotesAtAll:
      "The model has no counted vote yet, or the arena does not know it. It appears once people vote on its battles.",
    clearFilter: "Clear the filter",
  },
  depth: {
    asOf: {
      label: "As of",
      today: "Today",
      up: (p: { places: number; now: number }) =>
        `${p.places} ${plural(p.places, "place", "places")} higher today (rank ${p.now})`,
      down: (p: { places: number; now: number }) =>
        `${p.places} ${plural(p.places, "place", "places")} lower today (rank ${p.now})`,
      same: "Same rank today",
      unranked: "Not ranked in today’s table",
      future: "That is not a past day: showing today’s table.",
      failed: "The table of that day could not be loaded.",
      pick: "Show the table as it stood at the end of a past day (UTC)",
    },
    badges: {
      archived: "Archived",
      archivedTitle: "No longer drawn into battles; kept on the board",
      preliminary: "Preliminary",
      preliminaryTitle: "Too few votes for a settled rating",
    },
  },
};

/** The shape every interface language must fill. */
export type Dictionary = typeof en;
