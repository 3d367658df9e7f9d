from __future__ import annotations

import warnings

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

import complaintkit as ck
from complaintkit.classify.persistence import load_model_file


@pytest.fixture(scope="module")
def fitted(small_training_set):
    texts, labels = small_training_set
    return ck.ComplaintClassifier(cv=2, min_df=1).fit(texts, labels)


def test_constructor_only_stores_parameters():
    clf = ck.ComplaintClassifier(C=2.0, min_df=3)
    assert clf.get_params()["C"] == 2.0
    assert not [k for k in vars(clf) if k.endswith("_")]
    copy = clone(clf)
    assert copy.get_params() == clf.get_params()


def test_unfitted_model_says_so():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        ck.ComplaintClassifier().predict(["late parcel"])


def test_fit_returns_self_and_learns_multilabel(fitted):
    assert fitted.multilabel_
    assert list(fitted.classes_) == ["billing", "delivery"]
    predicted = fitted.predict(["you overcharged me on my bill", "my parcel never arrived"])
    assert predicted[0][0] == "billing" and predicted[1][0] == "delivery"
    proba = fitted.predict_proba(["parcel late"])
    assert proba.shape == (1, 2)


def test_single_label_mode_with_pandas():
    pd = pytest.importorskip("pandas")
    texts = pd.Series(["loan payment was wrong", "mortgage rate went up", "credit card fee",
                       "card charged twice", "loan officer lied", "mortgage escrow error"] * 3)
    labels = pd.Series(["loan", "mortgage", "card", "card", "loan", "mortgage"] * 3)
    clf = ck.ComplaintClassifier(cv=3, min_df=1).fit(texts, labels)
    assert not clf.multilabel_
    assert clf.predict(["my mortgage escrow"])[0] == "mortgage"
    assert clf.score(texts, labels) > 0.9
    assert np.allclose(clf.predict_proba(["x"]).sum(axis=1), 1.0)


def test_pipeline_and_grid_search(small_training_set):
    texts, labels = small_training_set
    pipe = Pipeline([("strip", FunctionTransformer(lambda xs: [x.strip() for x in xs])),
                     ("clf", ck.ComplaintClassifier(cv=0, min_df=1))])
    pipe.fit(texts, labels)
    assert pipe.predict(["charged twice"])[0][0] == "billing"
    # scikit-learn cannot stratify lists of labels, so multi-label search takes a plain KFold
    search = GridSearchCV(ck.ComplaintClassifier(cv=0, min_df=1), {"C": [1.0, 4.0]}, cv=KFold(2))
    search.fit(texts, labels)
    assert search.best_params_["C"] in (1.0, 4.0)
    single = [row[0] if row else "other" for row in labels]
    search = GridSearchCV(ck.ComplaintClassifier(cv=0, min_df=1), {"C": [1.0, 4.0]}, cv=2)
    search.fit(texts * 2, single * 2)
    assert search.best_estimator_.predict(["charged twice"])[0] == "billing"


def test_thresholds_are_tuned_per_label(fitted):
    assert set(fitted.thresholds) == {"billing", "delivery"}
    assert all(0.0 < t < 1.0 for t in fitted.thresholds.values())


def test_explain_names_the_terms_behind_a_label(fitted):
    explanation = fitted.explain("you charged me twice on my bill", labels=["billing"])
    terms = [term for term, _ in explanation["billing"]]
    assert terms and all(weight > 0 for _, weight in explanation["billing"])
    assert any("charg" in term or "bill" in term for term in terms)


def test_explain_rejects_unknown_label(fitted):
    with pytest.raises(ck.LabelError, match="unknown label 'weather'"):
        fitted.explain("text", labels=["weather"])


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (["a", ["b"]], "mix single strings and lists"),
        ([None, "a"], r"labels\[0\]"),
        (["a"], "got 2 texts but 1 labels"),
        (["same", "same"], "at least two distinct labels"),
        ([[], []], "nothing to learn"),
    ],
)
def test_bad_labels_are_explained(labels, message):
    with pytest.raises(ck.LabelError, match=message):
        ck.ComplaintClassifier().fit(["one text", "two text"], labels)


def test_save_and_load_round_trip(fitted, tmp_path):
    path = fitted.save(tmp_path / "model.joblib")
    loaded = ck.ComplaintClassifier.load(path, trusted=True)
    texts = ["charged twice", "parcel late"]
    assert loaded.predict(texts) == fitted.predict(texts)
    assert loaded.metadata_["labels"] == ["billing", "delivery"]
    assert "scikit-learn" in loaded.metadata_["versions"]


def test_loading_an_unvouched_file_is_refused(fitted, tmp_path):
    path = fitted.save(tmp_path / "model.joblib")
    with pytest.raises(ck.UntrustedModelError, match="trusted=True"):
        ck.ComplaintClassifier.load(path)


def test_loading_something_else_is_refused(tmp_path):
    path = tmp_path / "other.joblib"
    joblib.dump({"hello": "world"}, path)
    with pytest.raises(ck.ModelError, match="not a complaintkit classifier"):
        ck.load_model(path, trusted=True)


def test_other_library_versions_warn(fitted, tmp_path):
    path = fitted.save(tmp_path / "model.joblib")
    payload = joblib.load(path)
    payload["metadata"]["versions"]["scikit-learn"] = "0.0.1"
    joblib.dump(payload, path)
    with pytest.warns(ck.ModelVersionWarning, match=r"scikit-learn 0\.0\.1 ->"):
        load_model_file(path, trusted=True)


def test_tampered_shipped_model_is_refused(tmp_path):
    from complaintkit.classify.default import default_model_path

    fake = tmp_path / default_model_path().name
    fake.write_bytes(default_model_path().read_bytes() + b"tampered")
    with pytest.raises(ck.ModelIntegrityError, match="changed after release"):
        load_model_file(fake, shipped=True)


def test_training_is_deterministic(small_training_set):
    texts, labels = small_training_set
    a = ck.ComplaintClassifier(cv=2, min_df=1).fit(texts, labels)
    b = ck.ComplaintClassifier(cv=2, min_df=1).fit(texts, labels)
    probe = ["late and overcharged", "thanks!", "where is my parcel"]
    assert np.array_equal(a.predict_proba(probe), b.predict_proba(probe))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert a.thresholds == b.thresholds


def test_sentiment_columns_say_how_negative_and_positive_the_words_are():
    from complaintkit.classify.features import SENTIMENT_COLUMNS, TextFeatures

    features = TextFeatures(min_df=1, sentiment=True).fit(["useless awful service", "great lovely staff", "ok"])
    names = list(features.get_feature_names_out())
    assert names[-len(SENTIMENT_COLUMNS):] == list(SENTIMENT_COLUMNS)
    matrix = features.transform(["this is useless and awful", "lovely, great", "a table"]).toarray()
    positive, negative = names.index("sentiment:positive"), names.index("sentiment:negative")
    assert matrix[0, negative] > 0 and matrix[0, positive] == 0
    assert matrix[1, positive] > 0 and matrix[1, negative] == 0
    assert matrix[2, positive] == matrix[2, negative] == 0
    assert matrix.shape[1] == features.n_features_out_


def test_with_sentiment_only_the_complaint_detector_sees_the_sentiment_columns(small_training_set):
    texts, labels = small_training_set
    clf = ck.ComplaintClassifier(cv=2, min_df=1, sentiment=True).fit(texts, labels)
    assert clf.get_params()["sentiment"] is True
    vocabulary = len(clf.features_.vocabulary_)
    assert clf.model_.estimators_[0].coef_.shape[1] == vocabulary
    assert clf.complaint_model_.coef_.shape[1] == vocabulary + 5
    assert [r.labels for r in clf.classify_batch(["my parcel never arrived"])] == [["delivery"]]
    assert clf.explain("you overcharged me on my bill", labels=["billing"])["billing"]


def test_fitting_with_sentiment_without_the_lexicon_package_says_what_to_install(monkeypatch):
    import importlib.resources

    from complaintkit.classify.features import TextFeatures
    from complaintkit.errors import ModelError

    real = importlib.resources.files

    def files(package):
        if package == "vaderSentiment":
            raise ModuleNotFoundError(package)
        return real(package)

    monkeypatch.setattr(importlib.resources, "files", files)
    with pytest.raises(ModelError, match=r"complaintkit\[sentiment\]"):
        TextFeatures(min_df=1, sentiment=True).fit(["a text"])


@pytest.mark.parametrize(("text", "negated"), [
    ("That is not our fault, but we will fix it.", ["~our", "~fault"]),
    ("you didn't read the terms!! we can help", ["~read", "~the", "~terms"]),
    ("u didnt read the terms", ["~read", "~the", "~terms"]),
    ("We can't do anything about it", ["~do", "~anything", "~about", "~it"]),
    ("The payment went through and the agent sent it", []),
])
def test_negation_scope_runs_from_the_negation_to_the_end_of_its_clause(text, negated):
    from complaintkit.classify.features import negation_keys, tokenize

    assert negation_keys(tokenize(text)) == negated


def test_with_negation_a_negated_word_is_a_feature_of_its_own():
    from complaintkit.classify.features import TextFeatures

    texts = ["it is our fault", "it is not our fault", "not our fault at all", "our fault entirely"]
    plain = TextFeatures(min_df=1, char_ngrams=(0, 0)).fit(texts)
    marked = TextFeatures(min_df=1, char_ngrams=(0, 0), negation=True).fit(texts)
    assert "~fault" in marked.vocabulary_ and "~fault" not in plain.vocabulary_
    column = marked.vocabulary_["~fault"]
    matrix = marked.transform(["this is not our fault", "this is our fault"]).toarray()
    assert matrix[0, column] > 0 and matrix[1, column] == 0
    assert marked.transform(texts).shape[1] == marked.n_features_out_ == len(marked.vocabulary_)
    clf = ck.ComplaintClassifier(cv=0, min_df=1, negation=True).fit(texts, ["a", "b", "b", "a"])
    assert clone(clf).get_params()["negation"] is True


def test_skeleton_frames_keep_function_words_and_gap_the_rest():
    from complaintkit.classify.features import skeleton_keys, tokenize

    bothered = skeleton_keys(tokenize("You never bothered to check the tracking."))
    thought = skeleton_keys(tokenize("you never once thought to ask"))
    assert "you§never§_" in bothered and "you§never§_§to" in bothered
    assert set(bothered) & set(thought) >= {"you§never§_", "never§_§to", "you§never§_§to"}
    assert "you§never§_" not in skeleton_keys(tokenize("You checked the tracking."))
    assert skeleton_keys(tokenize("refund")) == []


def test_with_skeleton_unseen_wordings_of_one_frame_share_features():
    from complaintkit.classify.features import TextFeatures

    texts = ["you never bothered to check", "you never tried to call", "we sent it today", "we fixed it today"]
    plain = TextFeatures(min_df=2, char_ngrams=(0, 0)).fit(texts)
    framed = TextFeatures(min_df=2, char_ngrams=(0, 0), skeleton=True).fit(texts)
    unseen = "you never cared to read"
    assert plain.transform([unseen]).nnz < framed.transform([unseen]).nnz
    assert framed.transform(texts).shape[1] == framed.n_features_out_ == len(framed.vocabulary_)
    clf = ck.ComplaintClassifier(cv=0, min_df=1, skeleton=True).fit(texts, ["a", "a", "b", "b"])
    assert clone(clf).get_params()["skeleton"] is True
    assert clf.predict([unseen]) == ["a"]
