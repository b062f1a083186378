#include "glossary.h"

#include <QCoreApplication>

namespace reclens {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("Glossary", text);
}

std::vector<GlossarySection> build() {
    std::vector<GlossarySection> s;
    s.push_back({tr("The panels"),
                 {
                     {"panel_project", tr("Project"),
                      tr("The open dataset (customers, products, purchases, what the import "
                         "cleaned up, the repeat-purchase rate) and the training form. Train, "
                         "Tune and Cancel are here; the curves show the loss and the validation "
                         "NDCG@10 of every epoch of the model that is loaded.")},
                     {"panel_customers", tr("Customers"),
                      tr("Every customer with the length of their history. Pick one to see "
                         "their recommendations and the explanation of the selected product; "
                         "the list below it is the chosen customer's purchases, oldest first.")},
                     {"panel_recommendations", tr("Recommendations"),
                      tr("The top-K products for the chosen customer, best first, with the score "
                         "(in logits). Selecting a row makes it the <i>target</i> every other "
                         "panel explains. Pin a customer or a checkpoint to compare two lists "
                         "side by side.")},
                     {"panel_attention", tr("Attention"),
                      tr("Where the transformer looked: one row per layer and head, one column "
                         "per purchase. Attention shows where information flowed, not what "
                         "caused the score; the badges say how well each head agrees with "
                         "leave-one-out. Models without attention maps say so here.")},
                     {"panel_saliency", tr("Saliency"),
                      tr("One bar per purchase: how much it pushed the target's score up "
                         "(right) or down (left), by the method you choose. Beside it, one "
                         "table scores how faithful each method is for this case and one how "
                         "much the methods agree (two tabs where the window is short).")},
                     {"panel_topk", tr("Top-K at once"),
                      tr("Which purchases drive the whole top-K list rather than one product: "
                         "a matrix of purchases by recommended products, and the Shapley value "
                         "of each purchase for the list as a whole.")},
                     {"panel_whatif", tr("What-if"),
                      tr("Edit the history (remove, insert, move or replace a purchase) and see "
                         "the new ranking from a fresh run of the model; also the smallest set "
                         "of purchases whose removal drops the target out of the top-K "
                         "(counterfactual), and why one product ranks above another.")},
                     {"panel_merchant", tr("Merchant"),
                      tr("One product from the merchant's side: for how many customers it "
                         "reaches the top-K, its rank distribution, and which purchases most "
                         "often lift it there. The Customers sub-tab lists who has it in the "
                         "top-K (double-click: that customer's explanation); the controls "
                         "restrict the customers (purchases, category bought), compare with a "
                         "second product, or ask what happens if the customers had bought "
                         "another one. On a sample every figure has a 95 % confidence "
                         "interval.")},
                     {"panel_model", tr("Model"),
                      tr("The loaded model: its settings, how it was trained (or tuned), and "
                         "its test metrics against simple baselines.")},
                     {"panel_search", tr("Search"),
                      tr("A personalised search model (trained with <tt>reclens-cli train "
                         "--task search</tt>) seen from the chosen customer: type a query, get "
                         "the ranked products with their score (in logits), and for the selected "
                         "result how much of its score comes from the words typed and how much "
                         "from the purchases, the personalisation gate, one bar per word and per "
                         "purchase, and the counterfactuals the model confirmed by a fresh run.")},
                     {"panel_messages", tr("Messages"),
                      tr("What the workbench did and any error, with the time. Errors that "
                         "stop you also open a dialog.")},
                 }});
    s.push_back(
        {tr("Explanation methods"),
         {
             {"loo", tr("Leave-one-out"),
              tr("How much the score really drops when the purchase is removed and the model "
                 "re-run. The later purchases move up one place, so a position effect is part "
                 "of it (compare with occlusion).")},
             {"occlusion", tr("Occlusion in place"),
              tr("How much the score drops when the purchase is blanked out in place (the "
                 "padding embedding; every other purchase keeps its position) and the model "
                 "re-run. Unlike leave-one-out nothing shifts.")},
             {"grad", tr("Gradient (L2 norm)"),
              tr("How sensitive the score is to each purchase: the length of the score's "
                 "gradient with respect to the purchase's embedding. It has no sign: it says "
                 "how much, not whether the purchase helps or hurts.")},
             {"grad_x_input", tr("Gradient × input"),
              tr("The gradient times the embedding itself: a first-order estimate of each "
                 "purchase's contribution. Cheap, but only exact for a linear model.")},
             {"ig", tr("Integrated gradients"),
              tr("Gradients averaged along a path from an empty history (the baseline) to the "
                 "real one. The values add up to the score difference between the two; how "
                 "closely they do is the completeness error.")},
             {"shapley", tr("Shapley values"),
              tr("Each purchase's average marginal effect over all subsets of the history: "
                 "the only attribution that is fair in the game-theory sense. Exact for up to "
                 "12 purchases (every subset scored); sampled beyond, with a standard error.")},
             {"attention_rollout", tr("Attention rollout"),
              tr("How much attention flows from each purchase to the output through all "
                 "layers (heads averaged, the residual path added). Not a causal measure.")},
             {"counterfactual", tr("Counterfactual"),
              tr("The smallest set of purchases whose removal drops the target out of the "
                 "top-K. Each one shown was checked by a fresh run of the model.")},
             {"whatif", tr("What-if edit"),
              tr("A change to the history you make by hand; the ranking after it always comes "
                 "from a fresh run of the model, never an estimate.")},
             {"list_shapley", tr("List Shapley"),
              tr("Shapley values for the whole top-K list instead of one product: how much "
                 "each purchase keeps the current list in place.")},
         }});
    s.push_back(
        {tr("How far to trust an explanation"),
         {
             {"deletion_auc", tr("Deletion AUC"),
              tr("Remove the purchases one by one, most important first, and track the score. "
                 "A faithful method makes it fall fast: <b>lower is better</b>. Compared with "
                 "a random order (the reference a method must beat).")},
             {"insertion_auc", tr("Insertion AUC"),
              tr("Start from an empty history and add the purchases, most important first. A "
                 "faithful method makes the score rise fast: <b>higher is better</b>.")},
             {"lxr", tr("POS@k / NEG@k (LXR)"),
              tr("Remove the k purchases a method ranks most positive (POS) or most negative "
                 "(NEG) and see how far the target falls (POS) or rises (NEG); areas over k, "
                 "beside random and popularity references.")},
             {"completeness", tr("Completeness error"),
              tr("For integrated gradients: how far the sum of the values is from the real "
                 "score difference to the baseline, as a share of it. Under 1 % is required.")},
             {"standard_error", tr("Standard error"),
              tr("For sampled Shapley values: how much a value would move with other random "
                 "samples. Small against the value itself means it can be trusted.")},
             {"agreement", tr("Agreement with leave-one-out"),
              tr("Rank correlation between a head's attention and leave-one-out: whether "
                 "where the model looked matches what actually moved the score.")},
             {"verified", tr("Verified sentence"),
              tr("The one-line summary states only what a fresh run of the model confirmed "
                 "(rank, the decisive purchase, the rank without it); a clause that fails the "
                 "check is left out.")},
         }});
    s.push_back(
        {tr("Model quality"),
         {
             {"ndcg", tr("NDCG@10"),
              tr("Normalised discounted cumulative gain: 1 when the product the customer really "
                 "bought next is ranked first, less the further down the top 10 it is, 0 "
                 "outside. Averaged over customers; ranked among all candidate products "
                 "(full ranking, no sampled negatives).")},
             {"hr", tr("HR@10"),
              tr("Hit rate: the share of customers whose real next purchase is in the top 10.")},
             {"mrr", tr("MRR"),
              tr("Mean reciprocal rank: 1 / the rank of the real next purchase, averaged.")},
             {"split", tr("Validation and test"),
              tr("Each customer's last purchase is the test, the one before it validation; "
                 "training never sees either. Early stopping and tuning look only at "
                 "validation.")},
             {"tuning", tr("Tuning"),
              tr("A search over dropout, learning rate, weight decay, side features and sizes "
                 "(Hyperband: poor settings are stopped after an epoch or two), within the "
                 "budget you give; every trial is listed and stored in the model.")},
         }});
    s.push_back(
        {tr("Other terms"),
         {
             {"score", tr("Score (logits)"),
              tr("What the model outputs for a product; only differences between products and "
                 "between edits matter. For a model trained with softmax cross-entropy (the "
                 "default), 1 logit more makes a product about e = 2.7 times as likely as "
                 "before, relative to the others.")},
             {"rank", tr("Rank"),
              tr("Position in the list, 1 = best, among the candidates shown (see exclude "
                 "bought).")},
             {"target", tr("Target"),
              tr("The product being explained: the one selected in Recommendations.")},
             {"exclude_bought", tr("Exclude already bought"),
              tr("Leave products the customer already bought out of the list and of every "
                 "rank. On automatically where under 2 % of purchases repeat an earlier one.")},
             {"repeat_rate", tr("Repeat-purchase rate"),
              tr("The share of purchases that repeat an earlier purchase of the same customer.")},
             {"gate", tr("Personalisation gate"),
              tr("A number between 0 and 1 the search model computes for each customer and "
                 "query: how much the purchases weigh against the words typed (0 = the query "
                 "alone decides, 1 = the purchases alone). The ranks with the query alone and "
                 "with the purchases alone show what each side would do by itself.")},
             {"score_share", tr("Share of the score"),
              tr("The chosen attribution method's values summed over the query words and over "
                 "the purchases, in logits, and each sum's share of the two together. With "
                 "integrated gradients or Shapley values the sums add up to the score's "
                 "difference from an empty query and history.")},
             {"query_word", tr("Query word"),
              tr("A word of the query as the search model reads it (lower case, punctuation "
                 "and stop words removed). A word the model never saw in the catalog is read "
                 "as the unknown word and marked so. Each word is a player of the "
                 "explanation methods, like each purchase.")},
             {"search_counterfactual", tr("Search counterfactual"),
              tr("The smallest set of query words, and separately of purchases, whose removal "
                 "drops the result out of the top-K. Shown only when a separate run of the "
                 "model, outside the explanation engine, confirmed the new rank.")},
             {"lexical_match", tr("Query words in the title"),
              tr("Query words found in the product's title or category: a plain text match, "
                 "beside the model's own view of why the product ranks there.")},
             {"torchscript", tr("TorchScript model"),
              tr("A model trained elsewhere (PyTorch, RecBole) saved with torch.jit, opened "
                 "with its item map; every method works through it, except what the file does "
                 "not provide, which is shown as unavailable with the reason.")},
         }});
    return s;
}

} // namespace

const std::vector<GlossarySection>& glossary() {
    static const std::vector<GlossarySection> sections = build();
    return sections;
}

const GlossaryEntry* glossaryEntry(const std::string& key) {
    for (const auto& section : glossary())
        for (const auto& e : section.entries)
            if (e.key == key)
                return &e;
    return nullptr;
}

} // namespace reclens
