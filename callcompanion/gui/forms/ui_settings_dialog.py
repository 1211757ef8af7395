# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSizePolicy, QSpacerItem, QSpinBox, QTabWidget, QTableWidget, QVBoxLayout, QWidget

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

        self.subdomainLabel = QLabel(self.generalTab)
        self.subdomainLabel.setObjectName(u"subdomainLabel")

        self.generalForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.subdomainLabel)

        self.subdomainEdit = QLineEdit(self.generalTab)
        self.subdomainEdit.setObjectName(u"subdomainEdit")

        self.generalForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.subdomainEdit)

        self.schedulingLabel = QLabel(self.generalTab)
        self.schedulingLabel.setObjectName(u"schedulingLabel")

        self.generalForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.schedulingLabel)

        self.schedulingEdit = QLineEdit(self.generalTab)
        self.schedulingEdit.setObjectName(u"schedulingEdit")

        self.generalForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.schedulingEdit)

        self.settingsProblem = QLabel(self.generalTab)
        self.settingsProblem.setObjectName(u"settingsProblem")
        self.settingsProblem.setWordWrap(True)

        self.generalForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.settingsProblem)

        self.keyringTitle = QLabel(self.generalTab)
        self.keyringTitle.setObjectName(u"keyringTitle")

        self.generalForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.keyringTitle)

        self.keyringLabel = QLabel(self.generalTab)
        self.keyringLabel.setObjectName(u"keyringLabel")
        self.keyringLabel.setWordWrap(True)

        self.generalForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.keyringLabel)

        self.filesTitle = QLabel(self.generalTab)
        self.filesTitle.setObjectName(u"filesTitle")

        self.generalForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.filesTitle)

        self.filesLabel = QLabel(self.generalTab)
        self.filesLabel.setObjectName(u"filesLabel")
        self.filesLabel.setWordWrap(True)
        self.filesLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.generalForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.filesLabel)


        self.generalLayout.addLayout(self.generalForm)

        self.generalSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.generalLayout.addItem(self.generalSpacer)

        self.tabs.addTab(self.generalTab, "")

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
        self.subdomainLabel.setBuddy(self.subdomainEdit)
        self.schedulingLabel.setBuddy(self.schedulingEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.tabs, self.noShowSpin)
        QWidget.setTabOrder(self.noShowSpin, self.wrapupSpin)
        QWidget.setTabOrder(self.wrapupSpin, self.callTypesTable)
        QWidget.setTabOrder(self.callTypesTable, self.promptWindowCheck)
        QWidget.setTabOrder(self.promptWindowCheck, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.subdomainEdit)
        QWidget.setTabOrder(self.subdomainEdit, self.schedulingEdit)

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
        self.subdomainLabel.setText(QCoreApplication.translate("SettingsDialog", u"Zendesk &subdomain", None))
#if QT_CONFIG(accessibility)
        self.subdomainEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Zendesk subdomain", None))
#endif // QT_CONFIG(accessibility)
        self.subdomainEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"example (for example.zendesk.com)", None))
        self.schedulingLabel.setText(QCoreApplication.translate("SettingsDialog", u"Scheduling &link", None))
#if QT_CONFIG(accessibility)
        self.schedulingEdit.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Your scheduling link", None))
#endif // QT_CONFIG(accessibility)
        self.schedulingEdit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", u"https://calendly.com/\u2026", None))
#if QT_CONFIG(accessibility)
        self.settingsProblem.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Problem with these settings", None))
#endif // QT_CONFIG(accessibility)
        self.settingsProblem.setText("")
        self.keyringTitle.setText(QCoreApplication.translate("SettingsDialog", u"Secrets", None))
#if QT_CONFIG(accessibility)
        self.keyringLabel.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Where secrets are kept", None))
#endif // QT_CONFIG(accessibility)
        self.keyringLabel.setText(QCoreApplication.translate("SettingsDialog", u"Looking for the system keyring\u2026", None))
        self.filesTitle.setText(QCoreApplication.translate("SettingsDialog", u"Files", None))
#if QT_CONFIG(accessibility)
        self.filesLabel.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Where callcompanion keeps its files", None))
#endif // QT_CONFIG(accessibility)
        self.filesLabel.setText("")
        self.tabs.setTabText(self.tabs.indexOf(self.generalTab), QCoreApplication.translate("SettingsDialog", u"&About you", None))
#if QT_CONFIG(accessibility)
        self.buttons.setAccessibleName(QCoreApplication.translate("SettingsDialog", u"Save or discard", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

