#include "explainsettings.h"

#include "explain/explanationjson.h"

#include <QCoreApplication>
#include <QSettings>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace reclens {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("ExplainSettings", text);
}

/// explainConfigFromJson converts numbers with a plain static_cast, which is undefined for a
/// double outside int and silently wraps large integers; a damaged settings file must not get
/// that far. The two real-valued keys are range-checked by explainConfigProblem afterwards.
QString numbersProblem(const nlohmann::json& j) {
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!it->is_number() || it.key() == "ig_tolerance" || it.key() == "ig_small_delta")
            continue;
        const double d = it->get<double>();
        if (!(d >= std::numeric_limits<int>::min() && d <= std::numeric_limits<int>::max()) ||
            d != std::floor(d))
            return tr("'%1' is not a whole number in range.").arg(QString::fromStdString(it.key()));
    }
    return {};
}

} // namespace

QString explainConfigProblem(const ExplainConfig& c) {
    return QString::fromStdString(checkExplainConfig(c));
}

QString explainSettingsKey() {
    return QStringLiteral("explain/config");
}

void storeExplainConfig(QSettings& settings, const ExplainConfig& c) {
    settings.setValue(explainSettingsKey(), QString::fromStdString(explainConfigToJson(c).dump()));
}

ExplainConfig loadExplainConfig(const QSettings& settings, QString* problem) {
    auto fail = [problem](const QString& why) {
        if (problem)
            *problem = tr("Stored explanation settings ignored (%1); using the defaults.").arg(why);
        return ExplainConfig{};
    };
    if (problem)
        problem->clear();
    const QVariant stored = settings.value(explainSettingsKey());
    if (!stored.isValid())
        return ExplainConfig{};
    const std::string text = stored.toString().toStdString();
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded())
        return fail(tr("not JSON"));
    if (!j.is_object())
        return fail(tr("not a JSON object"));
    if (QString why = numbersProblem(j); !why.isEmpty())
        return fail(why);
    ExplainConfig c;
    try {
        c = explainConfigFromJson(j);
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }
    if (QString why = explainConfigProblem(c); !why.isEmpty())
        return fail(why);
    return c;
}

} // namespace reclens
