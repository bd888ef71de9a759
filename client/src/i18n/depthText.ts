/**
 * The words of the depth views that load on demand — the reasons step after a vote, the model
 * page's catalogue, reasons and history, the price chart — in all three interface languages. They
 * live here rather than in the dictionaries of en.ts/fr.ts/zh.ts because English is part of the
 * entry chunk, which has a 150 kB gzip budget (bench/pageLoad.ts): imported only by those lazy
 * components, these strings travel with them. Same rules as the dictionaries: functions for
 * entries with parameters, the French and Chinese objects typed by the English one.
 */
import { type UiLanguage, useT } from "./index.ts";

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);
const pluralFr = (count: number, one: string, many: string) => (count < 2 ? one : many);

const en = {
  asOf: {
    lead: (p: { date: string }) =>
      `The table as it stood at the end of ${p.date} (UTC). The arrows say how each model’s rank changed since.`,
    rankedSince: (p: { models: string }) => `Ranked since then: ${p.models}.`,
    loading: "Loading the table of that day…",
  },
  reasons: {
    heading: "Why? (optional)",
    lead: "Tick what decided your vote. Each tick is saved at once; a new battle can start at any time.",
    goodAbout: (p: { model: string }) => `What was good about ${p.model}`,
    wrongWith: (p: { model: string }) => `What was wrong with ${p.model}`,
    goodAboutBoth: "What was good about both",
    wrongWithBoth: "What was wrong with both",
    loading: "Loading the reasons…",
    loadFailed: "The list of reasons could not be loaded.",
    saving: "Saving…",
    saved: (p: { count: number }) =>
      p.count === 0 ? "No reason given." : `Saved: ${p.count} ${plural(p.count, "reason", "reasons")}.`,
    failed: (p: { message: string }) => `The reasons were not saved: ${p.message}`,
    tooLate: "It is too late to change the reasons of this vote.",
    retry: "Try again",
  },
  catalog: {
    heading: "About this model",
    displayName: "Name",
    organization: "Organization",
    license: "Licence",
    parameters: "Parameters",
    contextWindow: "Context window",
    tokens: (p: { formatted: string }) => `${p.formatted} tokens`,
    priceInput: "Input price",
    priceOutput: "Output price",
    perMillion: (p: { price: string }) => `${p.price} per million tokens`,
    releaseDate: "Released",
    url: "Website",
    status: "Status",
    active: "Active",
    paused: "Paused",
    archived: "Archived",
    pausedDetail: "not drawn into new battles for now",
    archivedDetail: "no longer drawn into battles; its votes stay on the board",
    preliminary: "Preliminary",
    preliminaryDetail: (p: { battles: string }) =>
      `only ${p.battles} counted votes so far: its rating is not settled yet`,
    undescribed: "The arena’s operator has not described this model.",
  },
  modelReasons: {
    heading: "Why it wins and loses",
    lead: (p: { model: string; scope: string; withReasons: string; battles: string }) =>
      `Reasons voters gave about ${p.model} in ${p.scope}: in ${p.withReasons} of its ${p.battles} counted votes.`,
    won: "Won because",
    lost: "Lost because",
    none: "No voter has given a reason yet.",
    noneOfKind: "None given yet.",
    reason: "Reason",
    times: "Times",
    share: "Share of its votes",
    loading: "Loading the reasons…",
    failed: "The reasons could not be loaded.",
  },
  history: {
    heading: "Rating over time",
    description: (p: { model: string }) =>
      `${p.model}’s rating (line) and its 95% interval (band) at the end of each day with votes, counting every vote up to then.`,
    summary: (p: { model: string; days: number; first: string; last: string; from: string; to: string }) =>
      `Rating of ${p.model} over ${p.days} ${plural(p.days, "day", "days")} with votes, from ${p.from} on ${p.first} to ${p.to} on ${p.last}.`,
    caption: (p: { model: string }) => `Rating of ${p.model} at the end of each day with votes`,
    date: "Day (UTC)",
    rating: "Rating",
    interval: "95% interval",
    votes: "Votes up to then",
    showTable: "Show the numbers",
    none: "No day with votes for this model in this table yet.",
    loading: "Loading the history…",
    failed: "The history could not be loaded.",
    axis: "Rating",
  },
  price: {
    heading: "Rating against price",
    description:
      "Each dot is a model whose price the catalogue gives. Highlighted: the Pareto front, the models that no other model beats on both price and rating at once.",
    axis: "Price, USD per million tokens (3 input : 1 output)",
    axisLog: "Price, USD per million tokens (3 input : 1 output), logarithmic scale",
    rating: "Rating",
    front: "Pareto front",
    summary: (p: { count: number; front: string }) =>
      `${p.count} ${plural(p.count, "model", "models")} with a price. On the Pareto front, cheapest first: ${p.front}.`,
    caption: "Models with a price: their blended price, rating and whether they are on the Pareto front",
    model: "Model",
    blended: "Blended price",
    onFront: "On the front",
    yes: "yes",
    no: "no",
    missing: (p: { count: number }) =>
      `${p.count} ${plural(p.count, "model has", "models have")} no price in the catalogue and ${plural(p.count, "is", "are")} not drawn.`,
  },
};

export type DepthText = typeof en;

const fr: DepthText = {
  asOf: {
    lead: (p) =>
      `Le classement tel qu’il était à la fin du ${p.date} (UTC). Les flèches disent comment le rang de chaque modèle a changé depuis.`,
    rankedSince: (p) => `Classés depuis : ${p.models}.`,
    loading: "Chargement du classement de ce jour…",
  },
  reasons: {
    heading: "Pourquoi ? (facultatif)",
    lead: "Cochez ce qui a décidé votre vote. Chaque case est enregistrée aussitôt ; un nouveau duel peut commencer à tout moment.",
    goodAbout: (p) => `Ce qui était bien chez ${p.model}`,
    wrongWith: (p) => `Ce qui n’allait pas chez ${p.model}`,
    goodAboutBoth: "Ce qui était bien chez les deux",
    wrongWithBoth: "Ce qui n’allait pas chez les deux",
    loading: "Chargement des raisons…",
    loadFailed: "La liste des raisons n’a pas pu être chargée.",
    saving: "Enregistrement…",
    saved: (p) =>
      p.count === 0 ? "Aucune raison donnée." : `Enregistré : ${p.count} ${pluralFr(p.count, "raison", "raisons")}.`,
    failed: (p) => `Les raisons n’ont pas été enregistrées : ${p.message}`,
    tooLate: "Il est trop tard pour changer les raisons de ce vote.",
    retry: "Réessayer",
  },
  catalog: {
    heading: "À propos de ce modèle",
    displayName: "Nom",
    organization: "Organisation",
    license: "Licence",
    parameters: "Paramètres",
    contextWindow: "Fenêtre de contexte",
    tokens: (p) => `${p.formatted} jetons`,
    priceInput: "Prix en entrée",
    priceOutput: "Prix en sortie",
    perMillion: (p) => `${p.price} par million de jetons`,
    releaseDate: "Sortie",
    url: "Site",
    status: "Statut",
    active: "Actif",
    paused: "En pause",
    archived: "Archivé",
    pausedDetail: "n’est plus tiré dans de nouveaux duels pour l’instant",
    archivedDetail: "n’est plus tiré dans les duels ; ses votes restent au classement",
    preliminary: "Provisoire",
    preliminaryDetail: (p) => `seulement ${p.battles} votes comptés : son score n’est pas encore établi`,
    undescribed: "L’opérateur de l’arène n’a pas décrit ce modèle.",
  },
  modelReasons: {
    heading: "Pourquoi il gagne et perd",
    lead: (p) =>
      `Raisons données par les votants sur ${p.model} (${p.scope}) : dans ${p.withReasons} de ses ${p.battles} votes comptés.`,
    won: "A gagné parce que",
    lost: "A perdu parce que",
    none: "Aucun votant n’a encore donné de raison.",
    noneOfKind: "Aucune pour l’instant.",
    reason: "Raison",
    times: "Fois",
    share: "Part de ses votes",
    loading: "Chargement des raisons…",
    failed: "Les raisons n’ont pas pu être chargées.",
  },
  history: {
    heading: "Score au fil du temps",
    description: (p) =>
      `Le score de ${p.model} (ligne) et son intervalle à 95 % (bande) à la fin de chaque jour avec des votes, en comptant tous les votes jusque-là.`,
    summary: (p) =>
      `Score de ${p.model} sur ${p.days} ${pluralFr(p.days, "jour", "jours")} avec des votes, de ${p.from} le ${p.first} à ${p.to} le ${p.last}.`,
    caption: (p) => `Score de ${p.model} à la fin de chaque jour avec des votes`,
    date: "Jour (UTC)",
    rating: "Score",
    interval: "Intervalle à 95 %",
    votes: "Votes jusque-là",
    showTable: "Afficher les chiffres",
    none: "Aucun jour avec des votes pour ce modèle dans ce classement.",
    loading: "Chargement de l’historique…",
    failed: "L’historique n’a pas pu être chargé.",
    axis: "Score",
  },
  price: {
    heading: "Score selon le prix",
    description:
      "Chaque point est un modèle dont le catalogue donne le prix. En évidence : le front de Pareto, les modèles qu’aucun autre ne bat à la fois sur le prix et sur le score.",
    axis: "Prix, USD par million de jetons (3 en entrée : 1 en sortie)",
    axisLog: "Prix, USD par million de jetons (3 en entrée : 1 en sortie), échelle logarithmique",
    rating: "Score",
    front: "Front de Pareto",
    summary: (p) =>
      `${p.count} ${pluralFr(p.count, "modèle", "modèles")} avec un prix. Sur le front de Pareto, du moins cher au plus cher : ${p.front}.`,
    caption: "Modèles avec un prix : prix combiné, score, et s’ils sont sur le front de Pareto",
    model: "Modèle",
    blended: "Prix combiné",
    onFront: "Sur le front",
    yes: "oui",
    no: "non",
    missing: (p) =>
      p.count < 2
        ? "1 modèle n’a pas de prix dans le catalogue et n’est pas dessiné."
        : `${p.count} modèles n’ont pas de prix dans le catalogue et ne sont pas dessinés.`,
  },
};

const zh: DepthText = {
  asOf: {
    lead: (p) => `${p.date}（UTC）结束时的排行榜。箭头表示此后每个模型排名的变化。`,
    rankedSince: (p) => `此后进入排名：${p.models}。`,
    loading: "正在加载那天的排行榜…",
  },
  reasons: {
    heading: "为什么？（可选）",
    lead: "勾选决定你投票的理由。每次勾选都会立即保存；随时可以开始新的对战。",
    goodAbout: (p) => `${p.model} 的优点`,
    wrongWith: (p) => `${p.model} 的问题`,
    goodAboutBoth: "两者的优点",
    wrongWithBoth: "两者的问题",
    loading: "正在加载理由…",
    loadFailed: "无法加载理由列表。",
    saving: "正在保存…",
    saved: (p) => (p.count === 0 ? "未给出理由。" : `已保存：${p.count} 条理由。`),
    failed: (p) => `理由未保存：${p.message}`,
    tooLate: "已经太晚，无法再修改这次投票的理由。",
    retry: "重试",
  },
  catalog: {
    heading: "关于此模型",
    displayName: "名称",
    organization: "机构",
    license: "许可证",
    parameters: "参数量",
    contextWindow: "上下文窗口",
    tokens: (p) => `${p.formatted} 个词元`,
    priceInput: "输入价格",
    priceOutput: "输出价格",
    perMillion: (p) => `每百万词元 ${p.price}`,
    releaseDate: "发布日期",
    url: "网站",
    status: "状态",
    active: "活跃",
    paused: "已暂停",
    archived: "已归档",
    pausedDetail: "暂时不再被抽入新的对战",
    archivedDetail: "不再被抽入对战；其投票仍保留在排行榜上",
    preliminary: "初步",
    preliminaryDetail: (p) => `目前只有 ${p.battles} 票有效投票：评分尚未稳定`,
    undescribed: "竞技场运营者尚未描述此模型。",
  },
  modelReasons: {
    heading: "胜负原因",
    lead: (p) =>
      `投票者对 ${p.model}（${p.scope}）给出的理由：在其 ${p.battles} 票有效投票中有 ${p.withReasons} 票附有理由。`,
    won: "获胜原因",
    lost: "落败原因",
    none: "还没有投票者给出理由。",
    noneOfKind: "暂无。",
    reason: "理由",
    times: "次数",
    share: "占其投票的比例",
    loading: "正在加载理由…",
    failed: "无法加载理由。",
  },
  history: {
    heading: "评分随时间的变化",
    description: (p) => `${p.model} 在每个有投票的日子结束时的评分（线）及其 95% 区间（带），计入截至当时的所有投票。`,
    summary: (p) =>
      `${p.model} 在 ${p.days} 个有投票的日子里的评分：从 ${p.first} 的 ${p.from} 到 ${p.last} 的 ${p.to}。`,
    caption: (p) => `${p.model} 在每个有投票的日子结束时的评分`,
    date: "日期（UTC）",
    rating: "评分",
    interval: "95% 区间",
    votes: "截至当时的投票",
    showTable: "显示数据",
    none: "此排行榜中该模型还没有有投票的日子。",
    loading: "正在加载历史…",
    failed: "无法加载历史。",
    axis: "评分",
  },
  price: {
    heading: "评分与价格",
    description: "每个点是目录中给出价格的一个模型。突出显示的是帕累托前沿：没有其他模型在价格和评分上同时胜过它们。",
    axis: "价格，美元 / 百万词元（输入 3 : 输出 1）",
    axisLog: "价格，美元 / 百万词元（输入 3 : 输出 1），对数刻度",
    rating: "评分",
    front: "帕累托前沿",
    summary: (p) => `${p.count} 个模型有价格。帕累托前沿上的模型，从便宜到昂贵：${p.front}。`,
    caption: "有价格的模型：混合价格、评分，以及是否在帕累托前沿上",
    model: "模型",
    blended: "混合价格",
    onFront: "在前沿上",
    yes: "是",
    no: "否",
    missing: (p) => `${p.count} 个模型在目录中没有价格，未绘制。`,
  },
};

const texts: Record<UiLanguage, DepthText> = { en, fr, zh };

/** The depth views' words in the interface language (re-renders on a switch, through useT). */
export function useDepthText(): DepthText {
  return texts[useT().language];
}
