# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem, QSpinBox, QTabWidget, QTableWidget, QVBoxLayout, QWidget

class Ui_SettingsDialog(object):
    def setupUi(self, SettingsDialog):
        if not SettingsDialog.objectName():
            SettingsDialog.setObjectName(u"SettingsDialog")
        SettingsDialog.resize(520, 520)
        self.dialogLayout = QVBoxLayout(SettingsDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.tabs = QTabWidget(SettingsDialog)
        self.tabs.setObjectName(u"tabs")
        self.timingTab = QWidget()
        self.timingTab.setObjectName(u"timingTab")
        self.timingLayout = QVBoxLayout(self.timingTab)
        self.timingLayout.setObjectName(u"timingLayout")
        self.timingForm = QFormLayout()
        self.timingForm.setObjectName(u"timingForm")
        self.noShowLabel = QLabel(self.timingTab)
        self.noShowLabel.setObjectName(u"noShowLabel")

        self.timingForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.noShowLabel)

        self.noShowSpin = QSpinBox(self.timingTab)
        self.noShowSpin.setObjectName(u"noShowSpin")
        self.noShowSpin.setMinimum(1)
        self.noShowSpin.setMaximum(60)
        self.noShowSpin.setValue(10)

        self.timingForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.noShowSpin)

        self.wrapupLabel = QLabel(self.timingTab)
        self.wrapupLabel.setObjectName(u"wrapupLabel")

        self.timingForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.wrapupLabel)

        self.wrapupSpin = QSpinBox(self.timingTab)
        self.wrapupSpin.setObjectName(u"wrapupSpin")
        self.wrapupSpin.setMinimum(5)
        self.wrapupSpin.setMaximum(15)
        self.wrapupSpin.setValue(10)

        self.timingForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.wrapupSpin)


        self.timingLayout.addLayout(self.timingForm)

        self.callTypesLabel = QLabel(self.timingTab)
        self.callTypesLabel.setObjectName(u"callTypesLabel")
        self.callTypesLabel.setWordWrap(True)

        self.timingLayout.addWidget(self.callTypesLabel)

        self.callTypesTable = QTableWidget(self.timingTab)
        self.callTypesTable.setObjectName(u"callTypesTable")
        self.callTypesTable.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.callTypesTable.horizontalHeader().setStretchLastSection(True)
        self.callTypesTable.verticalHeader().setVisible(False)

        self.timingLayout.addWidget(self.callTypesTable)

        self.promptWindowCheck = QCheckBox(self.timingTab)
        self.promptWindowCheck.setObjectName(u"promptWindowCheck")

        self.timingLayout.addWidget(self.promptWindowCheck)

        self.tabs.addTab(self.timingTab, "")
        self.generalTab = QWidget()
        self.generalTab.setObjectName(u"generalTab")
        self.generalLayout = QVBoxLayout(self.generalTab)
        self.generalLayout.setObjectName(u"generalLayout")
        self.generalForm = QFormLayout()
        self.generalForm.setObjectName(u"generalForm")
        self.generalForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.nameLabel = QLabel(self.generalTab)
        self.nameLabel.setObjectName(u"nameLabel")

        self.generalForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(self.generalTab)
        self.nameEdit.setObjectName(u"nameEdit")

        self.generalForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.schedulingLabel = QLabel(self.generalTab)
        self.schedulingLabel.setObjectName(u"schedulingLabel")

        self.generalForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.schedulingLabel)

        self.schedulingEdit = QLineEdit(self.generalTab)
        self.schedulingEdit.setObjectName(u"schedulingEdit")

        self.generalForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.schedulingEdit)

        self.meetingLinkLabel = QLabel(self.generalTab)
        self.meetingLinkLabel.setObjectName(u"meetingLinkLabel")

        self.generalForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.meetingLinkLabel)

        self.meetingLinkEdit = QLineEdit(self.generalTab)
        self.meetingLinkEdit.setObjectName(u"meetingLinkEdit")

        self.generalForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.meetingLinkEdit)

        self.webexRoomLabel = QLabel(self.generalTab)
        self.webexRoomLabel.setObjectName(u"webexRoomLabel")

        self.generalForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.webexRoomLabel)

        self.webexRoomEdit = QLineEdit(self.generalTab)
        self.webexRoomEdit.setObjectName(u"webexRoomEdit")

        self.generalForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.webexRoomEdit)

        self.settingsProblem = QLabel(self.generalTab)
        self.settingsProblem.setObjectName(u"settingsProblem")
        self.settingsProblem.setWordWrap(True)

        self.generalForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.settingsProblem)

        self.keyringTitle = QLabel(self.generalTab)
        self.keyringTitle.setObjectName(u"keyringTitle")

        self.generalForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.keyringTitle)

        self.keyringLabel = QLabel(self.generalTab)
        self.keyringLabel.setObjectName(u"keyringLabel")
        self.keyringLabel.setWordWrap(True)

        self.generalForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.keyringLabel)

        self.filesTitle = QLabel(self.generalTab)
        self.filesTitle.setObjectName(u"filesTitle")

        self.generalForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.filesTitle)

        self.filesLabel = QLabel(self.generalTab)
        self.filesLabel.setObjectName(u"filesLabel")
        self.filesLabel.setWordWrap(True)
        self.filesLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.generalForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.filesLabel)


        self.generalLayout.addLayout(self.generalForm)

        self.generalSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.generalLayout.addItem(self.generalSpacer)

        self.tabs.addTab(self.generalTab, "")
        self.zendeskTab = QWidget()
        self.zendeskTab.setObjectName(u"zendeskTab")
        self.zendeskLayout = QVBoxLayout(self.zendeskTab)
        self.zendeskLayout.setObjectName(u"zendeskLayout")
        self.zendeskIntro = QLabel(self.zendeskTab)
        self.zendeskIntro.setObjectName(u"zendeskIntro")
        self.zendeskIntro.setWordWrap(True)

        self.zendeskLayout.addWidget(self.zendeskIntro)

        self.connectionsList = QListWidget(self.zendeskTab)
        self.connectionsList.setObjectName(u"connectionsList")

        self.zendeskLayout.addWidget(self.connectionsList)

        self.signInMethodLabel = QLabel(self.zendeskTab)
        self.signInMethodLabel.setObjectName(u"signInMethodLabel")
        self.signInMethodLabel.setTextFormat(Qt.TextFormat.RichText)
        self.signInMethodLabel.setWordWrap(True)

        self.zendeskLayout.addWidget(self.signInMethodLabel)

        self.connectionButtons = QHBoxLayout()
        self.connectionButtons.setObjectName(u"connectionButtons")
        self.addConnectionButton = QPushButton(self.zendeskTab)
        self.addConnectionButton.setObjectName(u"addConnectionButton")

        self.connectionButtons.addWidget(self.addConnectionButton)

        self.editConnectionButton = QPushButton(self.zendeskTab)
        self.editConnectionButton.setObjectName(u"editConnectionButton")

        self.connectionButtons.addWidget(self.editConnectionButton)

        self.removeConnectionButton = QPushButton(self.zendeskTab)
        self.removeConnectionButton.setObjectName(u"removeConnectionButton")

        self.connectionButtons.addWidget(self.removeConnectionButton)

        self.defaultConnectionButton = QPushButton(self.zendeskTab)
        self.defaultConnectionButton.setObjectName(u"defaultConnectionButton")

        self.connectionButtons.addWidget(self.defaultConnectionButton)

        self.testConnectionButton = QPushButton(self.zendeskTab)
        self.testConnectionButton.setObjectName(u"testConnectionButton")

        self.connectionButtons.addWidget(self.testConnectionButton)


        self.zendeskLayout.addLayout(self.connectionButtons)

        self.signInButtons = QHBoxLayout()
        self.signInButtons.setObjectName(u"signInButtons")
        self.signInButton = QPushButton(self.zendeskTab)
        self.signInButton.setObjectName(u"signInButton")

        self.signInButtons.addWidget(self.signInButton)

        self.signOutButton = QPushButton(self.zendeskTab)
        self.signOutButton.setObjectName(u"signOutButton")

        self.signInButtons.addWidget(self.signOutButton)

        self.signInButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.signInButtons.addItem(self.signInButtonsSpacer)


        self.zendeskLayout.addLayout(self.signInButtons)

        self.connectionResult = QLabel(self.zendeskTab)
        self.connectionResult.setObjectName(u"connectionResult")
        self.connectionResult.setWordWrap(True)

        self.zendeskLayout.addWidget(self.connectionResult)

        self.signInAddressRow = QHBoxLayout()
        self.signInAddressRow.setObjectName(u"signInAddressRow")
        self.signInAddressEdit = QLineEdit(self.zendeskTab)
        self.signInAddressEdit.setObjectName(u"signInAddressEdit")
        self.signInAddressEdit.setReadOnly(True)

        self.signInAddressRow.addWidget(self.signInAddressEdit)

        self.copyAddressButton = QPushButton(self.zendeskTab)
        self.copyAddressButton.setObjectName(u"copyAddressButton")

        self.signInAddressRow.addWidget(self.copyAddressButton)


        self.zendeskLayout.addLayout(self.signInAddressRow)

        self.teamSuggestions = QWidget(self.zendeskTab)
        self.teamSuggestions.setObjectName(u"teamSuggestions")
        self.teamSuggestionsLayout = QVBoxLayout(self.teamSuggestions)
        self.teamSuggestionsLayout.setObjectName(u"teamSuggestionsLayout")
        self.teamSuggestionsLayout.setContentsMargins(0, 0, 0, 0)

        self.zendeskLayout.addWidget(self.teamSuggestions)

        self.tabs.addTab(self.zendeskTab, "")
        self.calendlyTab = QWidget()
        self.calendlyTab.setObjectName(u"calendlyTab")
        self.calendlyLayout = QVBoxLayout(self.calendlyTab)
        self.calendlyLayout.setObjectName(u"calendlyLayout")
        self.calendlyIntro = QLabel(self.calendlyTab)
        self.calendlyIntro.setObjectName(u"calendlyIntro")
        self.calendlyIntro.setWordWrap(True)

        self.calendlyLayout.addWidget(self.calendlyIntro)

        self.calendlyForm = QFormLayout()
        self.calendlyForm.setObjectName(u"calendlyForm")
        self.calendlyForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.calendlyTokenLabel = QLabel(self.calendlyTab)
        self.calendlyTokenLabel.setObjectName(u"calendlyTokenLabel")

        self.calendlyForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.calendlyTokenLabel)

        self.calendlyTokenEdit = QLineEdit(self.calendlyTab)
        self.calendlyTokenEdit.setObjectName(u"calendlyTokenEdit")
        self.calendlyTokenEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.calendlyForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.calendlyTokenEdit)

        self.calendlyButtons = QHBoxLayout()
        self.calendlyButtons.setObjectName(u"calendlyButtons")
        self.loadEventTypesButton = QPushButton(self.calendlyTab)
        self.loadEventTypesButton.setObjectName(u"loadEventTypesButton")

        self.calendlyButtons.addWidget(self.loadEventTypesButton)

        self.forgetCalendlyButton = QPushButton(self.calendlyTab)
        self.forgetCalendlyButton.setObjectName(u"forgetCalendlyButton")

        self.calendlyButtons.addWidget(self.forgetCalendlyButton)

        self.calendlyButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.calendlyButtons.addItem(self.calendlyButtonsSpacer)


        self.calendlyForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.calendlyButtons)

        self.eventTypeLabel = QLabel(self.calendlyTab)
        self.eventTypeLabel.setObjectName(u"eventTypeLabel")

        self.calendlyForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.eventTypeLabel)

        self.eventTypeCombo = QComboBox(self.calendlyTab)
        self.eventTypeCombo.setObjectName(u"eventTypeCombo")

        self.calendlyForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.eventTypeCombo)

        self.discoveryEventLabel = QLabel(self.calendlyTab)
        self.discoveryEventLabel.setObjectName(u"discoveryEventLabel")

        self.calendlyForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.discoveryEventLabel)

        self.discoveryEventCombo = QComboBox(self.calendlyTab)
        self.discoveryEventCombo.setObjectName(u"discoveryEventCombo")

        self.calendlyForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.discoveryEventCombo)


        self.calendlyLayout.addLayout(self.calendlyForm)

        self.calendlyResult = QLabel(self.calendlyTab)
        self.calendlyResult.setObjectName(u"calendlyResult")
        self.calendlyResult.setWordWrap(True)

        self.calendlyLayout.addWidget(self.calendlyResult)

        self.eventWarnings = QLabel(self.calendlyTab)
        self.eventWarnings.setObjectName(u"eventWarnings")
        self.eventWarnings.setWordWrap(True)

        self.calendlyLayout.addWidget(self.eventWarnings)

        self.calendlySpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.calendlyLayout.addItem(self.calendlySpacer)

        self.tabs.addTab(self.calendlyTab, "")
        self.summaryTab = QWidget()
        self.summaryTab.setObjectName(u"summaryTab")
        self.summaryLayout = QVBoxLayout(self.summaryTab)
        self.summaryLayout.setObjectName(u"summaryLayout")
        self.summaryForm = QFormLayout()
        self.summaryForm.setObjectName(u"summaryForm")
        self.summaryForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.summaryStatusLabel = QLabel(self.summaryTab)
        self.summaryStatusLabel.setObjectName(u"summaryStatusLabel")

        self.summaryForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.summaryStatusLabel)

        self.summaryStatusCombo = QComboBox(self.summaryTab)
        self.summaryStatusCombo.setObjectName(u"summaryStatusCombo")

        self.summaryForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.summaryStatusCombo)

        self.summaryTagsLabel = QLabel(self.summaryTab)
        self.summaryTagsLabel.setObjectName(u"summaryTagsLabel")

        self.summaryForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.summaryTagsLabel)

        self.summaryTagsEdit = QLineEdit(self.summaryTab)
        self.summaryTagsEdit.setObjectName(u"summaryTagsEdit")

        self.summaryForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.summaryTagsEdit)

        self.reminderLabel = QLabel(self.summaryTab)
        self.reminderLabel.setObjectName(u"reminderLabel")

        self.summaryForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.reminderLabel)

        self.reminderSpin = QSpinBox(self.summaryTab)
        self.reminderSpin.setObjectName(u"reminderSpin")
        self.reminderSpin.setMinimum(1)
        self.reminderSpin.setMaximum(1440)
        self.reminderSpin.setValue(15)

        self.summaryForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.reminderSpin)

        self.reminderRepeatLabel = QLabel(self.summaryTab)
        self.reminderRepeatLabel.setObjectName(u"reminderRepeatLabel")

        self.summaryForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.reminderRepeatLabel)

        self.reminderRepeatSpin = QSpinBox(self.summaryTab)
        self.reminderRepeatSpin.setObjectName(u"reminderRepeatSpin")
        self.reminderRepeatSpin.setMinimum(1)
        self.reminderRepeatSpin.setMaximum(1440)
        self.reminderRepeatSpin.setValue(10)

        self.summaryForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.reminderRepeatSpin)

        self.prefixesLabel = QLabel(self.summaryTab)
        self.prefixesLabel.setObjectName(u"prefixesLabel")

        self.summaryForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.prefixesLabel)

        self.prefixesEdit = QLineEdit(self.summaryTab)
        self.prefixesEdit.setObjectName(u"prefixesEdit")

        self.summaryForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.prefixesEdit)

        self.noShowStatusLabel = QLabel(self.summaryTab)
        self.noShowStatusLabel.setObjectName(u"noShowStatusLabel")

        self.summaryForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.noShowStatusLabel)

        self.noShowStatusCombo = QComboBox(self.summaryTab)
        self.noShowStatusCombo.setObjectName(u"noShowStatusCombo")

        self.summaryForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.noShowStatusCombo)


        self.summaryLayout.addLayout(self.summaryForm)

        self.ticketChangesGroup = QGroupBox(self.summaryTab)
        self.ticketChangesGroup.setObjectName(u"ticketChangesGroup")
        self.ticketChangesForm = QFormLayout(self.ticketChangesGroup)
        self.ticketChangesForm.setObjectName(u"ticketChangesForm")
        self.ticketChangesForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.trackTimeCheck = QCheckBox(self.ticketChangesGroup)
        self.trackTimeCheck.setObjectName(u"trackTimeCheck")

        self.ticketChangesForm.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.trackTimeCheck)

        self.heldTagLabel = QLabel(self.ticketChangesGroup)
        self.heldTagLabel.setObjectName(u"heldTagLabel")

        self.ticketChangesForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.heldTagLabel)

        self.heldTagEdit = QLineEdit(self.ticketChangesGroup)
        self.heldTagEdit.setObjectName(u"heldTagEdit")

        self.ticketChangesForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.heldTagEdit)

        self.noShowTagLabel = QLabel(self.ticketChangesGroup)
        self.noShowTagLabel.setObjectName(u"noShowTagLabel")

        self.ticketChangesForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.noShowTagLabel)

        self.noShowTagEdit = QLineEdit(self.ticketChangesGroup)
        self.noShowTagEdit.setObjectName(u"noShowTagEdit")

        self.ticketChangesForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.noShowTagEdit)

        self.emergencyTagLabel = QLabel(self.ticketChangesGroup)
        self.emergencyTagLabel.setObjectName(u"emergencyTagLabel")

        self.ticketChangesForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.emergencyTagLabel)

        self.emergencyTagEdit = QLineEdit(self.ticketChangesGroup)
        self.emergencyTagEdit.setObjectName(u"emergencyTagEdit")

        self.ticketChangesForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.emergencyTagEdit)


        self.summaryLayout.addWidget(self.ticketChangesGroup)

        self.summarySpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.summaryLayout.addItem(self.summarySpacer)

        self.tabs.addTab(self.summaryTab, "")
        self.templatesTab = QWidget()
        self.templatesTab.setObjectName(u"templatesTab")
        self.templatesLayout = QVBoxLayout(self.templatesTab)
        self.templatesLayout.setObjectName(u"templatesLayout")
        self.templatePicker = QHBoxLayout()
        self.templatePicker.setObjectName(u"templatePicker")
        self.templateCombo = QComboBox(self.templatesTab)
        self.templateCombo.setObjectName(u"templateCombo")

        self.templatePicker.addWidget(self.templateCombo)

        self.templateOrigin = QLabel(self.templatesTab)
        self.templateOrigin.setObjectName(u"templateOrigin")

        self.templatePicker.addWidget(self.templateOrigin)


        self.templatesLayout.addLayout(self.templatePicker)

        self.templateEdit = QPlainTextEdit(self.templatesTab)
        self.templateEdit.setObjectName(u"templateEdit")

        self.templatesLayout.addWidget(self.templateEdit)

        self.templateProblem = QLabel(self.templatesTab)
        self.templateProblem.setObjectName(u"templateProblem")
        self.templateProblem.setWordWrap(True)

        self.templatesLayout.addWidget(self.templateProblem)

        self.templateButtons = QHBoxLayout()
        self.templateButtons.setObjectName(u"templateButtons")
        self.checkTemplateButton = QPushButton(self.templatesTab)
        self.checkTemplateButton.setObjectName(u"checkTemplateButton")

        self.templateButtons.addWidget(self.checkTemplateButton)

        self.saveTemplateButton = QPushButton(self.templatesTab)
        self.saveTemplateButton.setObjectName(u"saveTemplateButton")

        self.templateButtons.addWidget(self.saveTemplateButton)

        self.resetTemplateButton = QPushButton(self.templatesTab)
        self.resetTemplateButton.setObjectName(u"resetTemplateButton")

        self.templateButtons.addWidget(self.resetTemplateButton)

        self.templateSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.templateButtons.addItem(self.templateSpacer)


        self.templatesLayout.addLayout(self.templateButtons)

        self.tabs.addTab(self.templatesTab, "")

        self.dialogLayout.addWidget(self.tabs)

        self.buttons = QDialogButtonBox(SettingsDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok|QDialogButtonBox.StandardButton.RestoreDefaults)

        self.dialogLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.noShowLabel.setBuddy(self.noShowSpin)
        self.wrapupLabel.setBuddy(self.wrapupSpin)
        self.callTypesLabel.setBuddy(self.callTypesTable)
        self.nameLabel.setBuddy(self.nameEdit)
        self.schedulingLabel.setBuddy(self.schedulingEdit)
        self.meetingLinkLabel.setBuddy(self.meetingLinkEdit)
        self.webexRoomLabel.setBuddy(self.webexRoomEdit)
        self.calendlyTokenLabel.setBuddy(self.calendlyTokenEdit)
        self.eventTypeLabel.setBuddy(self.eventTypeCombo)
        self.discoveryEventLabel.setBuddy(self.discoveryEventCombo)
        self.summaryStatusLabel.setBuddy(self.summaryStatusCombo)
        self.summaryTagsLabel.setBuddy(self.summaryTagsEdit)
        self.reminderLabel.setBuddy(self.reminderSpin)
        self.reminderRepeatLabel.setBuddy(self.reminderRepeatSpin)
        self.prefixesLabel.setBuddy(self.prefixesEdit)
        self.noShowStatusLabel.setBuddy(self.noShowStatusCombo)
        self.heldTagLabel.setBuddy(self.heldTagEdit)
        self.noShowTagLabel.setBuddy(self.noShowTagEdit)
        self.emergencyTagLabel.setBuddy(self.emergencyTagEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.tabs, self.noShowSpin)
        QWidget.setTabOrder(self.noShowSpin, self.wrapupSpin)
        QWidget.setTabOrder(self.wrapupSpin, self.callTypesTable)
        QWidget.setTabOrder(self.callTypesTable, self.promptWindowCheck)
        QWidget.setTabOrder(self.promptWindowCheck, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.schedulingEdit)
        QWidget.setTabOrder(self.schedulingEdit, self.connectionsList)
        QWidget.setTabOrder(self.connectionsList, self.addConnectionButton)
        QWidget.setTabOrder(self.addConnectionButton, self.editConnectionButton)
        QWidget.setTabOrder(self.editConnectionButton, self.removeConnectionButton)
        QWidget.setTabOrder(self.removeConnectionButton, self.defaultConnectionButton)
        QWidget.setTabOrder(self.defaultConnectionButton, self.testConnectionButton)
        QWidget.setTabOrder(self.testConnectionButton, self.signInButton)
        QWidget.setTabOrder(self.signInButton, self.signOutButton)
        QWidget.setTabOrder(self.signOutButton, self.signInAddressEdit)
        QWidget.setTabOrder(self.signInAddressEdit, self.copyAddressButton)

        self.retranslateUi(SettingsDialog)

        self.tabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(SettingsDialog)
    # setupUi

    def retranslateUi(self, SettingsDialog):
        SettingsDialog.setWindowTitle(QCoreApplication.translate("SettingsDialog", u"Settings \u00b7 callcompanion", None))
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Settings sections", None))
#endif // QT_CONFIG(accessibility)
        self.noShowLabel.setText(QCoreApplication.translate("SettingsDialog", u"&No-show prompt after", None))
#if QT_CONFIG(accessibility)
        self.noShowSpin.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Minutes before the no-show prompt", None))
#endif // QT_CONFIG(accessibility)
        self.noShowSpin.setSuffix(QCoreApplication.translate("SettingsDialog", u" min", None))
        self.wrapupLabel.setText(QCoreApplication.translate("SettingsDialog", u"&Wrap-up lead", None))
#if QT_CONFIG(accessibility)
        self.wrapupSpin.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Default minutes of wrap-up before the planned end", None))
#endif // QT_CONFIG(accessibility)
        self.wrapupSpin.setSuffix(QCoreApplication.translate("SettingsDialog", u" min before the end", None))
        self.callTypesLabel.setText(QCoreApplication.translate("SettingsDialog", u"Call &types (the wrap-up lead of a type overrides the default)", None))
#if QT_CONFIG(accessibility)
        self.callTypesTable.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Call types with planned length and wrap-up lead", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.promptWindowCheck.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Bring the window forward when a prompt appears", None))
#endif // QT_CONFIG(accessibility)
        self.promptWindowCheck.setText(QCoreApplication.translate("SettingsDialog", u"&Bring the window forward when a prompt appears (without taking focus)", None))
        self.tabs.setTabText(self.tabs.indexOf(self.timingTab), QCoreApplication.translate("SettingsDialog", u"&Timing", None))
        self.nameLabel.setText(QCoreApplication.translate("SettingsDialog", u"Your na&me", None))
#if QT_CONFIG(accessibility)
        self.nameEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Your name", None))
#endif // QT_CONFIG(accessibility)
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"Signs messages to customers", None))
        self.schedulingLabel.setText(QCoreApplication.translate("SettingsDialog", u"Personal &link", None))
#if QT_CONFIG(accessibility)
        self.schedulingEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Your scheduling link", None))
#endif // QT_CONFIG(accessibility)
        self.schedulingEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"https://calendly.com/\u2026 (used when no single-use link can be made)", None))
        self.meetingLinkLabel.setText(QCoreApplication.translate("SettingsDialog", u"Your meeting &room", None))
#if QT_CONFIG(accessibility)
        self.meetingLinkEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Your meeting room link", None))
#endif // QT_CONFIG(accessibility)
        self.meetingLinkEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"https://zoom.us/j/\u2026 (for bridges and urgent calls)", None))
        self.webexRoomLabel.setText(QCoreApplication.translate("SettingsDialog", u"Team &WebEx room", None))
#if QT_CONFIG(accessibility)
        self.webexRoomEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Team WebEx room link", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.settingsProblem.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"Problem with these settings", None))
#endif // QT_CONFIG(accessibility)
        self.settingsProblem.setText("")
        self.keyringTitle.setText(QCoreApplication.translate("SettingsDialog", u"Secrets", None))
#if QT_CONFIG(accessibility)
        self.keyringLabel.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"Where secrets are kept", None))
#endif // QT_CONFIG(accessibility)
        self.keyringLabel.setText(QCoreApplication.translate("SettingsDialog", u"Looking for the system keyring\u2026", None))
        self.filesTitle.setText(QCoreApplication.translate("SettingsDialog", u"Files", None))
#if QT_CONFIG(accessibility)
        self.filesLabel.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"Where callcompanion keeps its files", None))
#endif // QT_CONFIG(accessibility)
        self.filesLabel.setText("")
        self.tabs.setTabText(self.tabs.indexOf(self.generalTab), QCoreApplication.translate("SettingsDialog", u"&About you", None))
        self.zendeskIntro.setText(QCoreApplication.translate("SettingsDialog", u"Where summaries are posted. Each connection is a Zendesk instance and how you sign in to it. Sign-ins and API tokens are kept in the system keyring, never in a file.", None))
#if QT_CONFIG(accessibility)
        self.connectionsList.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Zendesk connections", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.signInMethodLabel.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"How the selected connection signs in", None))
#endif // QT_CONFIG(accessibility)
        self.signInMethodLabel.setText("")
#if QT_CONFIG(accessibility)
        self.addConnectionButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Add a Zendesk connection", None))
#endif // QT_CONFIG(accessibility)
        self.addConnectionButton.setText(QCoreApplication.translate("SettingsDialog", u"&Add\u2026", None))
#if QT_CONFIG(accessibility)
        self.editConnectionButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Edit the selected connection", None))
#endif // QT_CONFIG(accessibility)
        self.editConnectionButton.setText(QCoreApplication.translate("SettingsDialog", u"&Edit\u2026", None))
#if QT_CONFIG(accessibility)
        self.removeConnectionButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Remove the selected connection", None))
#endif // QT_CONFIG(accessibility)
        self.removeConnectionButton.setText(QCoreApplication.translate("SettingsDialog", u"&Remove", None))
#if QT_CONFIG(accessibility)
        self.defaultConnectionButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Use the selected connection for plain ticket numbers", None))
#endif // QT_CONFIG(accessibility)
        self.defaultConnectionButton.setText(QCoreApplication.translate("SettingsDialog", u"Make &default", None))
#if QT_CONFIG(accessibility)
        self.testConnectionButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Test the selected connection", None))
#endif // QT_CONFIG(accessibility)
        self.testConnectionButton.setText(QCoreApplication.translate("SettingsDialog", u"&Test", None))
#if QT_CONFIG(accessibility)
        self.signInButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Sign in to the selected connection with Zendesk in your browser", None))
#endif // QT_CONFIG(accessibility)
        self.signInButton.setText(QCoreApplication.translate("SettingsDialog", u"Sign &in with Zendesk", None))
#if QT_CONFIG(accessibility)
        self.signOutButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Sign out of the selected connection", None))
#endif // QT_CONFIG(accessibility)
        self.signOutButton.setText(QCoreApplication.translate("SettingsDialog", u"Sign o&ut", None))
#if QT_CONFIG(accessibility)
        self.connectionResult.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"Connection test result", None))
#endif // QT_CONFIG(accessibility)
        self.connectionResult.setText("")
#if QT_CONFIG(accessibility)
        self.signInAddressEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Sign-in address to open in your browser", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.copyAddressButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Copy the sign-in address", None))
#endif // QT_CONFIG(accessibility)
        self.copyAddressButton.setText(QCoreApplication.translate("SettingsDialog", u"&Copy address", None))
#if QT_CONFIG(accessibility)
        self.teamSuggestions.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Suggested by your team", None))
#endif // QT_CONFIG(accessibility)
        self.tabs.setTabText(self.tabs.indexOf(self.zendeskTab), QCoreApplication.translate("SettingsDialog", u"&Zendesk", None))
        self.calendlyIntro.setText(QCoreApplication.translate("SettingsDialog", u"Messages that invite the customer to book get a fresh single-use link, so a link never books twice. Calendly connects with your personal access token, kept in the system keyring: unlike Zendesk, Calendly cannot hand a browser sign-in back to an app on your computer (it allows that only for apps still in testing).", None))
        self.calendlyTokenLabel.setText(QCoreApplication.translate("SettingsDialog", u"Personal access &token", None))
#if QT_CONFIG(accessibility)
        self.calendlyTokenEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Calendly personal access token", None))
#endif // QT_CONFIG(accessibility)
        self.calendlyTokenEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"Paste one to add or replace the token in the keyring", None))
#if QT_CONFIG(accessibility)
        self.loadEventTypesButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Load my Calendly event types", None))
#endif // QT_CONFIG(accessibility)
        self.loadEventTypesButton.setText(QCoreApplication.translate("SettingsDialog", u"Load my event &types", None))
#if QT_CONFIG(accessibility)
        self.forgetCalendlyButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Forget the Calendly token", None))
#endif // QT_CONFIG(accessibility)
        self.forgetCalendlyButton.setText(QCoreApplication.translate("SettingsDialog", u"&Forget token", None))
        self.eventTypeLabel.setText(QCoreApplication.translate("SettingsDialog", u"Event &type", None))
#if QT_CONFIG(accessibility)
        self.eventTypeCombo.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Event type for single-use links", None))
#endif // QT_CONFIG(accessibility)
        self.discoveryEventLabel.setText(QCoreApplication.translate("SettingsDialog", u"For &Discovery calls", None))
#if QT_CONFIG(accessibility)
        self.discoveryEventCombo.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Event type for Discovery calls", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.calendlyResult.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"Calendly connection result", None))
#endif // QT_CONFIG(accessibility)
        self.calendlyResult.setText("")
#if QT_CONFIG(accessibility)
        self.eventWarnings.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"Checks on the chosen event types", None))
#endif // QT_CONFIG(accessibility)
        self.eventWarnings.setText("")
        self.tabs.setTabText(self.tabs.indexOf(self.calendlyTab), QCoreApplication.translate("SettingsDialog", u"Ca&lendly", None))
        self.summaryStatusLabel.setText(QCoreApplication.translate("SettingsDialog", u"Ticket status after posting", None))
#if QT_CONFIG(accessibility)
        self.summaryStatusCombo.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Default ticket status after posting a summary", None))
#endif // QT_CONFIG(accessibility)
        self.summaryTagsLabel.setText(QCoreApplication.translate("SettingsDialog", u"Tags to add", None))
#if QT_CONFIG(accessibility)
        self.summaryTagsEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Default tags to add with a summary", None))
#endif // QT_CONFIG(accessibility)
        self.summaryTagsEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"e.g. customer_call", None))
#if QT_CONFIG(tooltip)
        self.summaryTagsEdit.setToolTip(QCoreApplication.translate("SettingsDialog", u"Separate tags with spaces or commas.", None))
#endif // QT_CONFIG(tooltip)
        self.reminderLabel.setText(QCoreApplication.translate("SettingsDialog", u"Remind me after", None))
#if QT_CONFIG(accessibility)
        self.reminderSpin.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Minutes after a call before reminding about its summary", None))
#endif // QT_CONFIG(accessibility)
        self.reminderSpin.setSuffix(QCoreApplication.translate("SettingsDialog", u" min without a posted summary", None))
        self.reminderRepeatLabel.setText(QCoreApplication.translate("SettingsDialog", u"Then again every", None))
#if QT_CONFIG(accessibility)
        self.reminderRepeatSpin.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Minutes between reminders", None))
#endif // QT_CONFIG(accessibility)
        self.reminderRepeatSpin.setSuffix(QCoreApplication.translate("SettingsDialog", u" min", None))
        self.prefixesLabel.setText(QCoreApplication.translate("SettingsDialog", u"Own token prefixes", None))
#if QT_CONFIG(accessibility)
        self.prefixesEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Extra token prefixes to look for before posting", None))
#endif // QT_CONFIG(accessibility)
        self.prefixesEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"e.g. SIE-glpat-", None))
#if QT_CONFIG(tooltip)
        self.prefixesEdit.setToolTip(QCoreApplication.translate("SettingsDialog", u"GitLab's own prefixes (glpat- and the rest) are always checked; add your team's here, separated by spaces.", None))
#endif // QT_CONFIG(tooltip)
        self.noShowStatusLabel.setText(QCoreApplication.translate("SettingsDialog", u"No-show reply sets", None))
#if QT_CONFIG(accessibility)
        self.noShowStatusCombo.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Ticket status the no-show reply sets", None))
#endif // QT_CONFIG(accessibility)
        self.ticketChangesGroup.setTitle(QCoreApplication.translate("SettingsDialog", u"What each ended call adds to its ticket", None))
        self.trackTimeCheck.setText(QCoreApplication.translate("SettingsDialog", u"Add the call's time to the ticket's Time Tracking", None))
#if QT_CONFIG(accessibility)
        self.trackTimeCheck.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"With the summary, or the time waited with a no-show reply, when your Zendesk has the Time Tracking app", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.trackTimeCheck.setToolTip(QCoreApplication.translate("SettingsDialog", u"The summary adds the call's length, and a no-show reply the time you waited, to \u201cTotal time spent (sec)\u201d on the ticket, when your Zendesk has the Time Tracking app.", None))
#endif // QT_CONFIG(tooltip)
        self.heldTagLabel.setText(QCoreApplication.translate("SettingsDialog", u"Tag for a call held", None))
#if QT_CONFIG(accessibility)
        self.heldTagEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Tag the summary adds for a call held", None))
#endif // QT_CONFIG(accessibility)
        self.heldTagEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"no tag", None))
#if QT_CONFIG(tooltip)
        self.heldTagEdit.setToolTip(QCoreApplication.translate("SettingsDialog", u"One tag, such as call_held. Leave it empty to add none.", None))
#endif // QT_CONFIG(tooltip)
        self.noShowTagLabel.setText(QCoreApplication.translate("SettingsDialog", u"Tag for a no-show", None))
#if QT_CONFIG(accessibility)
        self.noShowTagEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Tag the no-show reply adds", None))
#endif // QT_CONFIG(accessibility)
        self.noShowTagEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"no tag", None))
#if QT_CONFIG(tooltip)
        self.noShowTagEdit.setToolTip(QCoreApplication.translate("SettingsDialog", u"One tag, such as call_no_show. Leave it empty to add none.", None))
#endif // QT_CONFIG(tooltip)
        self.emergencyTagLabel.setText(QCoreApplication.translate("SettingsDialog", u"Tag for an emergency", None))
#if QT_CONFIG(accessibility)
        self.emergencyTagEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Tag the summary adds for an emergency call", None))
#endif // QT_CONFIG(accessibility)
        self.emergencyTagEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"no tag", None))
#if QT_CONFIG(tooltip)
        self.emergencyTagEdit.setToolTip(QCoreApplication.translate("SettingsDialog", u"One tag, such as call_emergency. Leave it empty to add none.", None))
#endif // QT_CONFIG(tooltip)
        self.tabs.setTabText(self.tabs.indexOf(self.summaryTab), QCoreApplication.translate("SettingsDialog", u"&Summaries", None))
#if QT_CONFIG(accessibility)
        self.templateCombo.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Template to edit", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.templateOrigin.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"Where the template comes from", None))
#endif // QT_CONFIG(accessibility)
        self.templateOrigin.setText("")
#if QT_CONFIG(accessibility)
        self.templateEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Template text", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.templateProblem.setAccessibleDescription(QCoreApplication.translate("SettingsDialog", u"Template check result", None))
#endif // QT_CONFIG(accessibility)
        self.templateProblem.setText("")
#if QT_CONFIG(accessibility)
        self.checkTemplateButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Check the template", None))
#endif // QT_CONFIG(accessibility)
        self.checkTemplateButton.setText(QCoreApplication.translate("SettingsDialog", u"C&heck", None))
#if QT_CONFIG(accessibility)
        self.saveTemplateButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Save the template", None))
#endif // QT_CONFIG(accessibility)
        self.saveTemplateButton.setText(QCoreApplication.translate("SettingsDialog", u"Sa&ve template", None))
#if QT_CONFIG(accessibility)
        self.resetTemplateButton.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Go back to the shipped template", None))
#endif // QT_CONFIG(accessibility)
        self.resetTemplateButton.setText(QCoreApplication.translate("SettingsDialog", u"Use the default", None))
        self.tabs.setTabText(self.tabs.indexOf(self.templatesTab), QCoreApplication.translate("SettingsDialog", u"Te&mplates", None))
#if QT_CONFIG(accessibility)
        self.buttons.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Save or discard", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

