#pragma once
// QCustomPlot's header uses Qt's lower-case keywords (signals, slots, emit, foreach), which
// QT_NO_KEYWORDS removes for our own code. Include it only through this header, which maps them
// to the macro spellings for the duration of the include.

#include <QtGlobal>

#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
