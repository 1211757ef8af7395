# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QMenuBar, QPushButton, QRadioButton, QScrollArea, QSizePolicy, QSpacerItem, QStatusBar, QTabWidget, QTableView, QToolButton, QVBoxLayout, QWidget

from callcompanion.gui.page_stack import PageStack

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(460, 780)
        MainWindow.setMinimumSize(QSize(360, 400))
        self.actionStart = QAction(MainWindow)
        self.actionStart.setObjectName(u"actionStart")
        self.actionJoined = QAction(MainWindow)
        self.actionJoined.setObjectName(u"actionJoined")
        self.actionEnd = QAction(MainWindow)
        self.actionEnd.setObjectName(u"actionEnd")
        self.actionNotes = QAction(MainWindow)
        self.actionNotes.setObjectName(u"actionNotes")
        self.actionOutbox = QAction(MainWindow)
        self.actionOutbox.setObjectName(u"actionOutbox")
        self.actionNoShow = QAction(MainWindow)
        self.actionNoShow.setObjectName(u"actionNoShow")
        self.actionCancelCall = QAction(MainWindow)
        self.actionCancelCall.setObjectName(u"actionCancelCall")
        self.actionSettings = QAction(MainWindow)
        self.actionSettings.setObjectName(u"actionSettings")
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionMiniTimer = QAction(MainWindow)
        self.actionMiniTimer.setObjectName(u"actionMiniTimer")
        self.actionMiniTimer.setCheckable(True)
        self.actionHistory = QAction(MainWindow)
        self.actionHistory.setObjectName(u"actionHistory")
        self.actionOpenLogs = QAction(MainWindow)
        self.actionOpenLogs.setObjectName(u"actionOpenLogs")
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.rootLayout = QVBoxLayout(self.centralwidget)
        self.rootLayout.setSpacing(6)
        self.rootLayout.setObjectName(u"rootLayout")
        self.noticeArea = QWidget(self.centralwidget)
        self.noticeArea.setObjectName(u"noticeArea")
        self.noticeLayout = QVBoxLayout(self.noticeArea)
        self.noticeLayout.setSpacing(4)
        self.noticeLayout.setObjectName(u"noticeLayout")
        self.noticeLayout.setContentsMargins(0, 0, 0, 0)

        self.rootLayout.addWidget(self.noticeArea)

        self.tabs = QTabWidget(self.centralwidget)
        self.tabs.setObjectName(u"tabs")
        self.tabs.setDocumentMode(True)
        self.callTab = QWidget()
        self.callTab.setObjectName(u"callTab")
        self.callTabLayout = QVBoxLayout(self.callTab)
        self.callTabLayout.setObjectName(u"callTabLayout")
        self.promptArea = QWidget(self.callTab)
        self.promptArea.setObjectName(u"promptArea")
        self.promptLayout = QVBoxLayout(self.promptArea)
        self.promptLayout.setSpacing(6)
        self.promptLayout.setObjectName(u"promptLayout")
        self.promptLayout.setContentsMargins(0, 0, 0, 0)

        self.callTabLayout.addWidget(self.promptArea)

        self.callScroll = QScrollArea(self.callTab)
        self.callScroll.setObjectName(u"callScroll")
        self.callScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.callScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.callScroll.setWidgetResizable(True)
        self.callContent = QWidget()
        self.callContent.setObjectName(u"callContent")
        self.callContentLayout = QVBoxLayout(self.callContent)
        self.callContentLayout.setObjectName(u"callContentLayout")
        self.callContentLayout.setContentsMargins(0, 0, 0, 0)
        self.pages = PageStack(self.callContent)
        self.pages.setObjectName(u"pages")
        self.setupPage = QWidget()
        self.setupPage.setObjectName(u"setupPage")
        self.setupLayout = QVBoxLayout(self.setupPage)
        self.setupLayout.setObjectName(u"setupLayout")
        self.setupForm = QFormLayout()
        self.setupForm.setObjectName(u"setupForm")
        self.setupForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.ticketLabel = QLabel(self.setupPage)
        self.ticketLabel.setObjectName(u"ticketLabel")

        self.setupForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.ticketLabel)

        self.ticketEdit = QLineEdit(self.setupPage)
        self.ticketEdit.setObjectName(u"ticketEdit")
        self.ticketEdit.setClearButtonEnabled(True)

        self.setupForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.ticketEdit)

        self.ticketError = QLabel(self.setupPage)
        self.ticketError.setObjectName(u"ticketError")
        self.ticketError.setWordWrap(True)

        self.setupForm.setWidget(1, QFormLayout.ItemRole.SpanningRole, self.ticketError)

        self.typeLabel = QLabel(self.setupPage)
        self.typeLabel.setObjectName(u"typeLabel")

        self.setupForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.typeLabel)

        self.typeCombo = QComboBox(self.setupPage)
        self.typeCombo.setObjectName(u"typeCombo")

        self.setupForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.typeCombo)

        self.typeInfo = QLabel(self.setupPage)
        self.typeInfo.setObjectName(u"typeInfo")
        self.typeInfo.setWordWrap(True)

        self.setupForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.typeInfo)

        self.platformLabel = QLabel(self.setupPage)
        self.platformLabel.setObjectName(u"platformLabel")

        self.setupForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.platformLabel)

        self.platformLayout = QHBoxLayout()
        self.platformLayout.setObjectName(u"platformLayout")
        self.zoomRadio = QRadioButton(self.setupPage)
        self.zoomRadio.setObjectName(u"zoomRadio")
        self.zoomRadio.setChecked(True)

        self.platformLayout.addWidget(self.zoomRadio)

        self.webexRadio = QRadioButton(self.setupPage)
        self.webexRadio.setObjectName(u"webexRadio")

        self.platformLayout.addWidget(self.webexRadio)

        self.platformSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.platformLayout.addItem(self.platformSpacer)


        self.setupForm.setLayout(4, QFormLayout.ItemRole.FieldRole, self.platformLayout)

        self.joinedCheck = QCheckBox(self.setupPage)
        self.joinedCheck.setObjectName(u"joinedCheck")

        self.setupForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.joinedCheck)


        self.setupLayout.addLayout(self.setupForm)

        self.startButton = QPushButton(self.setupPage)
        self.startButton.setObjectName(u"startButton")

        self.setupLayout.addWidget(self.startButton)

        self.gateLayout = QHBoxLayout()
        self.gateLayout.setObjectName(u"gateLayout")
        self.gateLabel = QLabel(self.setupPage)
        self.gateLabel.setObjectName(u"gateLabel")
        self.gateLabel.setWordWrap(True)

        self.gateLayout.addWidget(self.gateLabel)

        self.overrideButton = QPushButton(self.setupPage)
        self.overrideButton.setObjectName(u"overrideButton")

        self.gateLayout.addWidget(self.overrideButton)


        self.setupLayout.addLayout(self.gateLayout)

        self.startHint = QLabel(self.setupPage)
        self.startHint.setObjectName(u"startHint")
        self.startHint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.startHint.setWordWrap(True)

        self.setupLayout.addWidget(self.startHint)

        self.beforeBox = QGroupBox(self.setupPage)
        self.beforeBox.setObjectName(u"beforeBox")
        self.beforeLayout = QVBoxLayout(self.beforeBox)
        self.beforeLayout.setObjectName(u"beforeLayout")

        self.setupLayout.addWidget(self.beforeBox)

        self.messageButtons = QHBoxLayout()
        self.messageButtons.setObjectName(u"messageButtons")
        self.inviteButton = QPushButton(self.setupPage)
        self.inviteButton.setObjectName(u"inviteButton")

        self.messageButtons.addWidget(self.inviteButton)

        self.preCallButton = QPushButton(self.setupPage)
        self.preCallButton.setObjectName(u"preCallButton")

        self.messageButtons.addWidget(self.preCallButton)

        self.suggestButton = QToolButton(self.setupPage)
        self.suggestButton.setObjectName(u"suggestButton")
        self.suggestButton.setAutoRaise(True)

        self.messageButtons.addWidget(self.suggestButton)


        self.setupLayout.addLayout(self.messageButtons)

        self.pages.addWidget(self.setupPage)
        self.callPage = QWidget()
        self.callPage.setObjectName(u"callPage")
        self.callLayout = QVBoxLayout(self.callPage)
        self.callLayout.setObjectName(u"callLayout")
        self.callTitle = QLabel(self.callPage)
        self.callTitle.setObjectName(u"callTitle")
        self.callTitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.callTitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.callLayout.addWidget(self.callTitle)

        self.ticketContext = QLabel(self.callPage)
        self.ticketContext.setObjectName(u"ticketContext")
        self.ticketContext.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticketContext.setWordWrap(True)

        self.callLayout.addWidget(self.ticketContext)

        self.stateLabel = QLabel(self.callPage)
        self.stateLabel.setObjectName(u"stateLabel")
        self.stateLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.callLayout.addWidget(self.stateLabel)

        self.elapsedLabel = QLabel(self.callPage)
        self.elapsedLabel.setObjectName(u"elapsedLabel")
        self.elapsedLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.callLayout.addWidget(self.elapsedLabel)

        self.plannedLabel = QLabel(self.callPage)
        self.plannedLabel.setObjectName(u"plannedLabel")
        self.plannedLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.callLayout.addWidget(self.plannedLabel)

        self.nextLabel = QLabel(self.callPage)
        self.nextLabel.setObjectName(u"nextLabel")
        self.nextLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nextLabel.setWordWrap(True)

        self.callLayout.addWidget(self.nextLabel)

        self.callButtons = QHBoxLayout()
        self.callButtons.setObjectName(u"callButtons")
        self.joinedButton = QPushButton(self.callPage)
        self.joinedButton.setObjectName(u"joinedButton")

        self.callButtons.addWidget(self.joinedButton)

        self.endButton = QPushButton(self.callPage)
        self.endButton.setObjectName(u"endButton")

        self.callButtons.addWidget(self.endButton)

        self.notesButton = QPushButton(self.callPage)
        self.notesButton.setObjectName(u"notesButton")

        self.callButtons.addWidget(self.notesButton)

        self.moreButton = QToolButton(self.callPage)
        self.moreButton.setObjectName(u"moreButton")
        self.moreButton.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

        self.callButtons.addWidget(self.moreButton)


        self.callLayout.addLayout(self.callButtons)

        self.checklistBox = QGroupBox(self.callPage)
        self.checklistBox.setObjectName(u"checklistBox")
        self.checklistLayout = QVBoxLayout(self.checklistBox)
        self.checklistLayout.setObjectName(u"checklistLayout")

        self.callLayout.addWidget(self.checklistBox)

        self.miniTimerCheck = QCheckBox(self.callPage)
        self.miniTimerCheck.setObjectName(u"miniTimerCheck")

        self.callLayout.addWidget(self.miniTimerCheck)

        self.pages.addWidget(self.callPage)
        self.endedPage = QWidget()
        self.endedPage.setObjectName(u"endedPage")
        self.endedLayout = QVBoxLayout(self.endedPage)
        self.endedLayout.setObjectName(u"endedLayout")
        self.endedTitle = QLabel(self.endedPage)
        self.endedTitle.setObjectName(u"endedTitle")
        self.endedTitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.endedTitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.endedLayout.addWidget(self.endedTitle)

        self.endedSummary = QLabel(self.endedPage)
        self.endedSummary.setObjectName(u"endedSummary")
        self.endedSummary.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.endedLayout.addWidget(self.endedSummary)

        self.summaryButton = QPushButton(self.endedPage)
        self.summaryButton.setObjectName(u"summaryButton")

        self.endedLayout.addWidget(self.summaryButton)

        self.endedButtons = QHBoxLayout()
        self.endedButtons.setObjectName(u"endedButtons")
        self.newCallButton = QPushButton(self.endedPage)
        self.newCallButton.setObjectName(u"newCallButton")

        self.endedButtons.addWidget(self.newCallButton)

        self.resumeButton = QPushButton(self.endedPage)
        self.resumeButton.setObjectName(u"resumeButton")

        self.endedButtons.addWidget(self.resumeButton)


        self.endedLayout.addLayout(self.endedButtons)

        self.endedSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.endedLayout.addItem(self.endedSpacer)

        self.pages.addWidget(self.endedPage)

        self.callContentLayout.addWidget(self.pages)

        self.followUpBox = QGroupBox(self.callContent)
        self.followUpBox.setObjectName(u"followUpBox")
        self.followUpLayout = QVBoxLayout(self.followUpBox)
        self.followUpLayout.setObjectName(u"followUpLayout")
        self.followUpText = QLabel(self.followUpBox)
        self.followUpText.setObjectName(u"followUpText")
        self.followUpText.setWordWrap(True)

        self.followUpLayout.addWidget(self.followUpText)

        self.followUpButtons = QHBoxLayout()
        self.followUpButtons.setObjectName(u"followUpButtons")
        self.copyReplyButton = QPushButton(self.followUpBox)
        self.copyReplyButton.setObjectName(u"copyReplyButton")

        self.followUpButtons.addWidget(self.copyReplyButton)

        self.followUpDoneButton = QPushButton(self.followUpBox)
        self.followUpDoneButton.setObjectName(u"followUpDoneButton")

        self.followUpButtons.addWidget(self.followUpDoneButton)


        self.followUpLayout.addLayout(self.followUpButtons)


        self.callContentLayout.addWidget(self.followUpBox)

        self.outboxButton = QPushButton(self.callContent)
        self.outboxButton.setObjectName(u"outboxButton")
        self.outboxButton.setFlat(True)

        self.callContentLayout.addWidget(self.outboxButton)

        self.callTabSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.callContentLayout.addItem(self.callTabSpacer)

        self.callScroll.setWidget(self.callContent)

        self.callTabLayout.addWidget(self.callScroll)

        self.tabs.addTab(self.callTab, "")
        self.historyTab = QWidget()
        self.historyTab.setObjectName(u"historyTab")
        self.historyLayout = QVBoxLayout(self.historyTab)
        self.historyLayout.setObjectName(u"historyLayout")
        self.historyFilter = QLineEdit(self.historyTab)
        self.historyFilter.setObjectName(u"historyFilter")
        self.historyFilter.setClearButtonEnabled(True)

        self.historyLayout.addWidget(self.historyFilter)

        self.historyView = QTableView(self.historyTab)
        self.historyView.setObjectName(u"historyView")
        self.historyView.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.historyView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.historyView.setAlternatingRowColors(True)
        self.historyView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.historyView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.historyView.setSortingEnabled(True)
        self.historyView.setWordWrap(False)
        self.historyView.horizontalHeader().setStretchLastSection(True)
        self.historyView.verticalHeader().setVisible(False)

        self.historyLayout.addWidget(self.historyView)

        self.historySummary = QLabel(self.historyTab)
        self.historySummary.setObjectName(u"historySummary")

        self.historyLayout.addWidget(self.historySummary)

        self.tabs.addTab(self.historyTab, "")

        self.rootLayout.addWidget(self.tabs)

        MainWindow.setCentralWidget(self.centralwidget)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menuCall = QMenu(self.menubar)
        self.menuCall.setObjectName(u"menuCall")
        self.menuView = QMenu(self.menubar)
        self.menuView.setObjectName(u"menuView")
        self.menuHelp = QMenu(self.menubar)
        self.menuHelp.setObjectName(u"menuHelp")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)
#if QT_CONFIG(shortcut)
        self.ticketLabel.setBuddy(self.ticketEdit)
        self.typeLabel.setBuddy(self.typeCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.ticketEdit, self.typeCombo)
        QWidget.setTabOrder(self.typeCombo, self.zoomRadio)
        QWidget.setTabOrder(self.zoomRadio, self.webexRadio)
        QWidget.setTabOrder(self.webexRadio, self.joinedCheck)
        QWidget.setTabOrder(self.joinedCheck, self.startButton)
        QWidget.setTabOrder(self.startButton, self.overrideButton)
        QWidget.setTabOrder(self.overrideButton, self.inviteButton)
        QWidget.setTabOrder(self.inviteButton, self.preCallButton)
        QWidget.setTabOrder(self.preCallButton, self.suggestButton)
        QWidget.setTabOrder(self.suggestButton, self.joinedButton)
        QWidget.setTabOrder(self.joinedButton, self.endButton)
        QWidget.setTabOrder(self.endButton, self.notesButton)
        QWidget.setTabOrder(self.notesButton, self.moreButton)
        QWidget.setTabOrder(self.moreButton, self.miniTimerCheck)
        QWidget.setTabOrder(self.miniTimerCheck, self.copyReplyButton)
        QWidget.setTabOrder(self.copyReplyButton, self.followUpDoneButton)
        QWidget.setTabOrder(self.followUpDoneButton, self.summaryButton)
        QWidget.setTabOrder(self.summaryButton, self.newCallButton)
        QWidget.setTabOrder(self.newCallButton, self.resumeButton)
        QWidget.setTabOrder(self.resumeButton, self.historyFilter)
        QWidget.setTabOrder(self.historyFilter, self.historyView)

        self.menubar.addAction(self.menuCall.menuAction())
        self.menubar.addAction(self.menuView.menuAction())
        self.menubar.addAction(self.menuHelp.menuAction())
        self.menuCall.addAction(self.actionStart)
        self.menuCall.addAction(self.actionJoined)
        self.menuCall.addAction(self.actionEnd)
        self.menuCall.addAction(self.actionNotes)
        self.menuCall.addSeparator()
        self.menuCall.addAction(self.actionNoShow)
        self.menuCall.addAction(self.actionCancelCall)
        self.menuCall.addSeparator()
        self.menuCall.addAction(self.actionSettings)
        self.menuCall.addSeparator()
        self.menuCall.addAction(self.actionQuit)
        self.menuView.addAction(self.actionMiniTimer)
        self.menuView.addAction(self.actionHistory)
        self.menuView.addAction(self.actionOutbox)
        self.menuHelp.addAction(self.actionOpenLogs)
        self.menuHelp.addAction(self.actionAbout)

        self.retranslateUi(MainWindow)

        self.tabs.setCurrentIndex(0)
        self.pages.setCurrentIndex(0)
        self.startButton.setDefault(True)


        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"callcompanion", None))
        self.actionStart.setText(QCoreApplication.translate("MainWindow", u"&Start call", None))
#if QT_CONFIG(shortcut)
        self.actionStart.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Return", None))
#endif // QT_CONFIG(shortcut)
        self.actionJoined.setText(QCoreApplication.translate("MainWindow", u"Customer &joined", None))
#if QT_CONFIG(shortcut)
        self.actionJoined.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+J", None))
#endif // QT_CONFIG(shortcut)
        self.actionEnd.setText(QCoreApplication.translate("MainWindow", u"&End call", None))
#if QT_CONFIG(shortcut)
        self.actionEnd.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+E", None))
#endif // QT_CONFIG(shortcut)
        self.actionNotes.setText(QCoreApplication.translate("MainWindow", u"Summary &notes", None))
#if QT_CONFIG(shortcut)
        self.actionNotes.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+N", None))
#endif // QT_CONFIG(shortcut)
        self.actionOutbox.setText(QCoreApplication.translate("MainWindow", u"&Outbox", None))
#if QT_CONFIG(shortcut)
        self.actionOutbox.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+O", None))
#endif // QT_CONFIG(shortcut)
        self.actionNoShow.setText(QCoreApplication.translate("MainWindow", u"Customer &didn't show", None))
        self.actionCancelCall.setText(QCoreApplication.translate("MainWindow", u"&Cancel call", None))
        self.actionSettings.setText(QCoreApplication.translate("MainWindow", u"Se&ttings\u2026", None))
#if QT_CONFIG(shortcut)
        self.actionSettings.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+,", None))
#endif // QT_CONFIG(shortcut)
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"&Quit", None))
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.actionMiniTimer.setText(QCoreApplication.translate("MainWindow", u"&Mini timer", None))
#if QT_CONFIG(shortcut)
        self.actionMiniTimer.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+M", None))
#endif // QT_CONFIG(shortcut)
        self.actionHistory.setText(QCoreApplication.translate("MainWindow", u"Call &history", None))
#if QT_CONFIG(shortcut)
        self.actionHistory.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+H", None))
#endif // QT_CONFIG(shortcut)
        self.actionOpenLogs.setText(QCoreApplication.translate("MainWindow", u"Open &log folder", None))
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"&About callcompanion", None))
#if QT_CONFIG(accessibility)
        self.noticeArea.setAccessibleName(QCoreApplication.translate("MainWindow", u"Notices", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("MainWindow", u"Call and history", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.promptArea.setAccessibleName(QCoreApplication.translate("MainWindow", u"Prompts", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.setupPage.setAccessibleName(QCoreApplication.translate("MainWindow", u"New call", None))
#endif // QT_CONFIG(accessibility)
        self.ticketLabel.setText(QCoreApplication.translate("MainWindow", u"&Ticket", None))
#if QT_CONFIG(accessibility)
        self.ticketEdit.setAccessibleName(QCoreApplication.translate("MainWindow", u"Ticket", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.ticketEdit.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Ticket number, #number or the ticket's Zendesk agent link", None))
#endif // QT_CONFIG(accessibility)
        self.ticketEdit.setPlaceholderText(QCoreApplication.translate("MainWindow", u"12345, #12345 or ticket link", None))
#if QT_CONFIG(accessibility)
        self.ticketError.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Ticket problem", None))
#endif // QT_CONFIG(accessibility)
        self.ticketError.setText("")
        self.typeLabel.setText(QCoreApplication.translate("MainWindow", u"Call t&ype", None))
#if QT_CONFIG(accessibility)
        self.typeCombo.setAccessibleName(QCoreApplication.translate("MainWindow", u"Call type", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.typeInfo.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Call type details", None))
#endif // QT_CONFIG(accessibility)
        self.typeInfo.setText("")
        self.platformLabel.setText(QCoreApplication.translate("MainWindow", u"Platform", None))
#if QT_CONFIG(accessibility)
        self.zoomRadio.setAccessibleName(QCoreApplication.translate("MainWindow", u"Zoom", None))
#endif // QT_CONFIG(accessibility)
        self.zoomRadio.setText(QCoreApplication.translate("MainWindow", u"&Zoom", None))
#if QT_CONFIG(accessibility)
        self.webexRadio.setAccessibleName(QCoreApplication.translate("MainWindow", u"WebEx", None))
#endif // QT_CONFIG(accessibility)
        self.webexRadio.setText(QCoreApplication.translate("MainWindow", u"&WebEx", None))
#if QT_CONFIG(accessibility)
        self.joinedCheck.setAccessibleName(QCoreApplication.translate("MainWindow", u"Customer is already in the meeting", None))
#endif // QT_CONFIG(accessibility)
        self.joinedCheck.setText(QCoreApplication.translate("MainWindow", u"Customer is already in the &meeting", None))
#if QT_CONFIG(accessibility)
        self.startButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Start call", None))
#endif // QT_CONFIG(accessibility)
        self.startButton.setText(QCoreApplication.translate("MainWindow", u"&Start call", None))
#if QT_CONFIG(accessibility)
        self.gateLabel.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Why the call cannot start yet", None))
#endif // QT_CONFIG(accessibility)
        self.gateLabel.setText("")
#if QT_CONFIG(accessibility)
        self.overrideButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Start anyway, giving a reason", None))
#endif // QT_CONFIG(accessibility)
        self.overrideButton.setText(QCoreApplication.translate("MainWindow", u"Start a&nyway\u2026", None))
#if QT_CONFIG(accessibility)
        self.startHint.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"When to start", None))
#endif // QT_CONFIG(accessibility)
        self.startHint.setText(QCoreApplication.translate("MainWindow", u"Press Start when you join the meeting (Ctrl+Return).", None))
#if QT_CONFIG(accessibility)
        self.beforeBox.setAccessibleName(QCoreApplication.translate("MainWindow", u"Before the call", None))
#endif // QT_CONFIG(accessibility)
        self.beforeBox.setTitle(QCoreApplication.translate("MainWindow", u"Before the call", None))
#if QT_CONFIG(accessibility)
        self.inviteButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Invite the customer to a call", None))
#endif // QT_CONFIG(accessibility)
        self.inviteButton.setText(QCoreApplication.translate("MainWindow", u"Invite to a ca&ll\u2026", None))
#if QT_CONFIG(accessibility)
        self.preCallButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Write the pre-call email", None))
#endif // QT_CONFIG(accessibility)
        self.preCallButton.setText(QCoreApplication.translate("MainWindow", u"Pre-call &email\u2026", None))
#if QT_CONFIG(accessibility)
        self.suggestButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"When to suggest a call", None))
#endif // QT_CONFIG(accessibility)
        self.suggestButton.setText(QCoreApplication.translate("MainWindow", u"When to suggest a call?", None))
#if QT_CONFIG(accessibility)
        self.callPage.setAccessibleName(QCoreApplication.translate("MainWindow", u"Call in progress", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.callTitle.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Ticket, call type and platform", None))
#endif // QT_CONFIG(accessibility)
        self.callTitle.setText("")
#if QT_CONFIG(accessibility)
        self.ticketContext.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Ticket details", None))
#endif // QT_CONFIG(accessibility)
        self.ticketContext.setText("")
#if QT_CONFIG(accessibility)
        self.stateLabel.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Call state", None))
#endif // QT_CONFIG(accessibility)
        self.stateLabel.setText("")
#if QT_CONFIG(accessibility)
        self.elapsedLabel.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Elapsed time", None))
#endif // QT_CONFIG(accessibility)
        self.elapsedLabel.setText(QCoreApplication.translate("MainWindow", u"00:00", None))
#if QT_CONFIG(accessibility)
        self.plannedLabel.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Planned length", None))
#endif // QT_CONFIG(accessibility)
        self.plannedLabel.setText("")
#if QT_CONFIG(accessibility)
        self.nextLabel.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"What comes next", None))
#endif // QT_CONFIG(accessibility)
        self.nextLabel.setText("")
#if QT_CONFIG(accessibility)
        self.joinedButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Customer joined", None))
#endif // QT_CONFIG(accessibility)
        self.joinedButton.setText(QCoreApplication.translate("MainWindow", u"Customer &joined", None))
#if QT_CONFIG(accessibility)
        self.endButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"End call", None))
#endif // QT_CONFIG(accessibility)
        self.endButton.setText(QCoreApplication.translate("MainWindow", u"&End call", None))
#if QT_CONFIG(accessibility)
        self.notesButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Notes for the summary", None))
#endif // QT_CONFIG(accessibility)
        self.notesButton.setText(QCoreApplication.translate("MainWindow", u"&Notes", None))
#if QT_CONFIG(accessibility)
        self.moreButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"More call actions", None))
#endif // QT_CONFIG(accessibility)
        self.moreButton.setText(QCoreApplication.translate("MainWindow", u"More", None))
#if QT_CONFIG(accessibility)
        self.checklistBox.setAccessibleName(QCoreApplication.translate("MainWindow", u"Checklist for this call", None))
#endif // QT_CONFIG(accessibility)
        self.checklistBox.setTitle(QCoreApplication.translate("MainWindow", u"Checklist", None))
#if QT_CONFIG(accessibility)
        self.miniTimerCheck.setAccessibleName(QCoreApplication.translate("MainWindow", u"Show the mini timer", None))
#endif // QT_CONFIG(accessibility)
        self.miniTimerCheck.setText(QCoreApplication.translate("MainWindow", u"Show the &mini timer (always on top)", None))
#if QT_CONFIG(accessibility)
        self.endedPage.setAccessibleName(QCoreApplication.translate("MainWindow", u"Call ended", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.endedTitle.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Ended call", None))
#endif // QT_CONFIG(accessibility)
        self.endedTitle.setText("")
#if QT_CONFIG(accessibility)
        self.endedSummary.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"How the call ended", None))
#endif // QT_CONFIG(accessibility)
        self.endedSummary.setText("")
#if QT_CONFIG(accessibility)
        self.summaryButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Write or review the call summary", None))
#endif // QT_CONFIG(accessibility)
        self.summaryButton.setText(QCoreApplication.translate("MainWindow", u"Write the &summary", None))
#if QT_CONFIG(accessibility)
        self.newCallButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"New call", None))
#endif // QT_CONFIG(accessibility)
        self.newCallButton.setText(QCoreApplication.translate("MainWindow", u"&New call", None))
#if QT_CONFIG(accessibility)
        self.resumeButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Resume this call", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.resumeButton.setToolTip(QCoreApplication.translate("MainWindow", u"Ended by mistake? Carry on timing this call (up to 15 minutes after it ended).", None))
#endif // QT_CONFIG(tooltip)
        self.resumeButton.setText(QCoreApplication.translate("MainWindow", u"&Resume this call", None))
#if QT_CONFIG(accessibility)
        self.followUpBox.setAccessibleName(QCoreApplication.translate("MainWindow", u"Follow-up", None))
#endif // QT_CONFIG(accessibility)
        self.followUpBox.setTitle(QCoreApplication.translate("MainWindow", u"Follow-up", None))
#if QT_CONFIG(accessibility)
        self.followUpText.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Follow-up to do", None))
#endif // QT_CONFIG(accessibility)
        self.followUpText.setText("")
#if QT_CONFIG(accessibility)
        self.copyReplyButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Write the reply owed to the customer", None))
#endif // QT_CONFIG(accessibility)
        self.copyReplyButton.setText(QCoreApplication.translate("MainWindow", u"Write the &reply\u2026", None))
#if QT_CONFIG(accessibility)
        self.followUpDoneButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Mark the follow-up as done", None))
#endif // QT_CONFIG(accessibility)
        self.followUpDoneButton.setText(QCoreApplication.translate("MainWindow", u"Mark as &done", None))
#if QT_CONFIG(accessibility)
        self.outboxButton.setAccessibleName(QCoreApplication.translate("MainWindow", u"Posts waiting to go out", None))
#endif // QT_CONFIG(accessibility)
        self.outboxButton.setText("")
        self.tabs.setTabText(self.tabs.indexOf(self.callTab), QCoreApplication.translate("MainWindow", u"&Call", None))
#if QT_CONFIG(accessibility)
        self.historyFilter.setAccessibleName(QCoreApplication.translate("MainWindow", u"Filter the call history", None))
#endif // QT_CONFIG(accessibility)
        self.historyFilter.setPlaceholderText(QCoreApplication.translate("MainWindow", u"Filter by ticket, type, platform or outcome", None))
#if QT_CONFIG(accessibility)
        self.historyView.setAccessibleName(QCoreApplication.translate("MainWindow", u"Call history", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.historySummary.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"History summary", None))
#endif // QT_CONFIG(accessibility)
        self.historySummary.setText("")
        self.tabs.setTabText(self.tabs.indexOf(self.historyTab), QCoreApplication.translate("MainWindow", u"H&istory", None))
        self.menuCall.setTitle(QCoreApplication.translate("MainWindow", u"C&all", None))
        self.menuView.setTitle(QCoreApplication.translate("MainWindow", u"&View", None))
        self.menuHelp.setTitle(QCoreApplication.translate("MainWindow", u"&Help", None))
    # retranslateUi

